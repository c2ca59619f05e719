import ListwashCore
import Hummingbird

/// Placeholder for the local emulator of the bulk-import API.
public enum SandboxInfo {
    public static let summary = "A local emulator of ActiveCampaign's bulk-import API."
}
