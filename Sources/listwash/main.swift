import ListwashCLI

await ListwashCommand.runFromCommandLine()
