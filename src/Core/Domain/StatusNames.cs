namespace Crashdesk.Core.Domain;

/// <summary>
/// The wire names of the status enums: lower-case, as the database stores them and the API and the
/// pages spell them. Core's views carry the enums; only what leaves Core as text names them here.
/// A case's workflow status has dashes and its own <see cref="CaseWorkflow.Name"/>.
/// </summary>
public static class StatusNames
{
    /// <summary>queued, running, done or failed.</summary>
    public static string Name(AnalysisJobStatus status) => Lower(status);

    /// <summary>pending, ready, failed or duplicate.</summary>
    public static string Name(DebugKernelStatus status) => Lower(status);

    /// <summary>active, completed or failed.</summary>
    public static string Name(UploadSessionStatus status) => Lower(status);

    /// <summary>queued, running, done, failed or cancelled.</summary>
    public static string Name(ConsoleCommandStatus status) => Lower(status);

    /// <summary>pending, delivering, scheduled, delivered or failed.</summary>
    public static string Name(WebhookDeliveryStatus status) => Lower(status);

    private static string Lower<T>(T status) where T : struct, Enum => status.ToString().ToLowerInvariant();
}
