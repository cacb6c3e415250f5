namespace Crashdesk.Web.Uploads;

/// <summary>Where one file of the upload panel is.</summary>
public enum UploadStatus
{
    /// <summary>Chosen or dropped, not started.</summary>
    Chosen,
    Uploading,
    /// <summary>The connection broke or the server was busy: waiting, then resuming at the server's offset.</summary>
    Retrying,
    Paused,
    /// <summary>Started before the page was reloaded; the server holds part of it, the browser needs the file again.</summary>
    Interrupted,
    Done,
    Failed,
}

/// <summary>A file the browser's uploader picked up, by its fingerprint (upload.js: case, name, size, modification time).</summary>
public sealed record ChosenFile(string Id, string Name, long Size, long? Offset = null);

/// <summary>What upload.js reports about one file (at most every 100 ms while it moves).</summary>
public sealed record UploadState(string Id, string Status, long Sent, long Total, long BytesPerSecond, string? Message, int HttpStatus, string? Body, string? StoredKind);

/// <summary>One row of the upload panel.</summary>
public sealed class UploadFile(string id, string name, long total)
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    public long Total { get; private set; } = total;

    public long Sent { get; set; }

    public UploadStatus Status { get; set; }

    /// <summary>Bytes per second over the last seconds (0 when not moving).</summary>
    public long BytesPerSecond { get; private set; }

    /// <summary>Over the panel's limit: refused before a byte was sent.</summary>
    public bool TooLarge { get; set; }

    public string? LimitMessage { get; set; }

    /// <summary>Why it is retrying ("connection lost").</summary>
    public string? Message { get; private set; }

    /// <summary>The HTTP status of the refusal (0: the server could not be reached).</summary>
    public int HttpStatus { get; private set; }

    /// <summary>The refusal's body (the API's ProblemDetails).</summary>
    public string? Body { get; private set; }

    /// <summary>What the server stored it as (an archive sent as a vmcore is an archive).</summary>
    public string? StoredKind { get; private set; }

    public int Percent => Total <= 0 ? 0 : (int)Math.Min(100, Sent * 100 / Total);

    public bool CanStart => !TooLarge && Status is UploadStatus.Chosen;

    public void Apply(UploadState state)
    {
        Status = Enum.TryParse<UploadStatus>(state.Status, ignoreCase: true, out var status) ? status : UploadStatus.Failed;
        Sent = state.Sent;
        if (state.Total > 0)
            Total = state.Total;
        BytesPerSecond = state.BytesPerSecond;
        Message = state.Message;
        HttpStatus = state.HttpStatus;
        Body = state.Body;
        StoredKind = state.StoredKind;
    }
}
