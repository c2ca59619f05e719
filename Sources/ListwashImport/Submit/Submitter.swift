import ListwashCore

/// Placeholder for the submit stage.
public enum SubmitInfo {
    public static let summary = "Send batches to ActiveCampaign, paced, resumable, recorded in a ledger."
}
