using System.Globalization;
using System.Text.Json;

namespace Crashdesk.Web.Uploads;

/// <summary>The upload panel's words: progress with speed and time left, and each file's outcome.</summary>
public static class UploadText
{
    /// <summary>"3.0 MiB of 15.7 MiB · 2.0 MiB/s · 0:07 left".</summary>
    public static string Progress(UploadFile file)
    {
        string text = $"{Formatting.Bytes(file.Sent)} of {Formatting.Bytes(file.Total)}";
        if (file.Status == UploadStatus.Uploading && file.BytesPerSecond > 0)
        {
            long left = (file.Total - file.Sent) / file.BytesPerSecond;
            text += $" · {Formatting.Bytes(file.BytesPerSecond)}/s · {Duration(left)} left";
        }
        return text;
    }

    /// <summary>The line under a file, or null while there is nothing to say.</summary>
    public static string? Result(UploadFile file, string requestedKind) => file.Status switch
    {
        UploadStatus.Done => Stored(file.Name, file.StoredKind ?? requestedKind),
        UploadStatus.Failed => file.LimitMessage ?? Describe(file.HttpStatus, file.Body),
        UploadStatus.Interrupted => $"{file.Percent} % of {file.Name} is on the server: choose or drop the file again to resume there.",
        UploadStatus.Retrying => $"{file.Message ?? "interrupted"}: resuming at the server's offset…",
        UploadStatus.Paused => $"Paused at {Formatting.Bytes(file.Sent)}.",
        _ => null,
    };

    private static string Stored(string name, string kind) => kind switch
    {
        "vmcore" or "console-log" => $"Stored {name} ({kind}); analysis queued.",
        "archive" => $"Stored {name} (archive); unpacking queued: its dumps, console logs and sosreports become artifacts of their own.",
        _ => $"Stored {name} ({kind}).",
    };

    /// <summary>The ProblemDetails detail/title the API returns, else the raw status.</summary>
    private static string Describe(int status, string? body)
    {
        string prefix = status == 0 ? "Upload failed: the server could not be reached" : $"Upload failed (HTTP {status})";
        if (string.IsNullOrWhiteSpace(body))
            return prefix + ".";
        try
        {
            using var json = JsonDocument.Parse(body);
            string? detail = json.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
            string? title = json.RootElement.TryGetProperty("title", out var t) ? t.GetString() : null;
            return $"{prefix}: {detail ?? title ?? body}";
        }
        catch (JsonException)
        {
            return $"{prefix}: {(body.Length > 300 ? body[..300] + "…" : body)}";
        }
    }

    private static string Duration(long seconds) =>
        seconds >= 3600
            ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60}:{seconds % 60:00}");
}
