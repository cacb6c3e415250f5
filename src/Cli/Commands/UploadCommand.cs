using System.Globalization;
using System.Security.Cryptography;
using Crashdesk.Cli.Upload;

namespace Crashdesk.Cli.Commands;

/// <summary>
/// `crashdesk upload --server URL --api-key KEY --case ID FILE [--kind vmcore]`: a resumable upload (tus) that
/// survives dropped links: it remembers the session next to ~/.cache (or takes --session URL), resumes where the
/// server's HEAD says, and waits out network errors with back-off. The API key also comes from CRASHDESK_API_KEY
/// and is never printed. Prints the artifact id (and the analysis id) on stdout when done. A vmcore goes after its
/// triage excerpt (<see cref="TriageExcerptFile"/>: the few percent of the dump the service's log pass reads), so the
/// case shows the panic line while the dump is on its way; `--triage-only` sends the excerpt alone (the dump later,
/// with `--no-triage-first`).
/// </summary>
internal sealed class UploadCommand : ICliCommand
{
    public string Name => "upload";

    public string Summary => "upload a file to a case, resumable (--server URL --case ID [--kind vmcore] [--api-key KEY | CRASHDESK_API_KEY])";

    public int Run(CliArguments arguments, TextWriter output, TextWriter error)
    {
        if (arguments.Positionals.Count != 1 || arguments.Option("--server") is not { } serverText || arguments.Option("--case") is not { } caseText)
        {
            error.WriteLine("usage: crashdesk upload --server URL --case ID FILE [--kind vmcore] [--api-key KEY] [--session URL] [--chunk-size 8M] [--chunk-checksums] [--no-sha256] [--triage-only | --no-triage-first]");
            return 2;
        }
        if (!Uri.TryCreate(serverText.EndsWith('/') ? serverText : serverText + "/", UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
            return Usage(error, $"--server '{serverText}' is not an http(s) URL");
        if (!Guid.TryParse(caseText, out var caseId))
            return Usage(error, $"--case '{caseText}' is not a case id");
        string? apiKey = arguments.Option("--api-key") ?? Environment.GetEnvironmentVariable("CRASHDESK_API_KEY");
        if (string.IsNullOrEmpty(apiKey))
            return Usage(error, "no API key: give --api-key or set CRASHDESK_API_KEY");
        if (!TryParseSize(arguments.Option("--chunk-size") ?? "8M", out long chunk) || chunk is < 1 or > 1L << 30)
            return Usage(error, $"--chunk-size '{arguments.Option("--chunk-size")}' must be a size such as 8M (1 byte to 1G)");
        var file = new FileInfo(arguments.Positionals[0]);
        if (!file.Exists)
            return Usage(error, $"{file.FullName}: no such file");
        var settings = new UploadSettings
        {
            ChunkBytes = (int)chunk,
            ChunkChecksums = arguments.Has("--chunk-checksums"),
            FirstRetryDelay = int.TryParse(arguments.Option("--retry-delay-ms"), NumberStyles.None, CultureInfo.InvariantCulture, out int ms)
                ? TimeSpan.FromMilliseconds(ms) : TimeSpan.FromSeconds(1),
        };
        var request = new UploadRequest(server, apiKey, caseId, file, arguments.Option("--kind") ?? "vmcore",
            arguments.Option("--session") is { } s ? new Uri(s) : null, arguments.Option("--state-file") ?? UploadStateFile.DefaultPath(),
            !arguments.Has("--no-sha256"), settings);
        bool triageOnly = arguments.Has("--triage-only");
        bool triageFirst = triageOnly || (request.Kind == "vmcore" && !arguments.Has("--no-triage-first") && request.Session is null);
        try
        {
            if (triageFirst && TriageExcerptFile.Create(file, error) is { } excerpt)
            {
                try
                {
                    // Its own small upload, done before the dump's first byte: the case is triaged meanwhile.
                    var early = RunAsync(request with { File = excerpt, Session = null }, error).GetAwaiter().GetResult();
                    output.WriteLine($"triage-excerpt {early.ArtifactId}");
                    if (early.AnalysisId is { } earlyAnalysis)
                        output.WriteLine($"triage-analysis {earlyAnalysis}");
                }
                finally
                {
                    TriageExcerptFile.Delete(excerpt);
                }
            }
            else if (triageOnly)
            {
                error.WriteLine($"crashdesk upload: {file.Name}: --triage-only needs a dump the engine can open");
                return 1;
            }
            if (triageOnly)
                return 0;
            var result = RunAsync(request, error).GetAwaiter().GetResult();
            output.WriteLine($"artifact {result.ArtifactId}");
            if (result.AnalysisId is { } analysis)
                output.WriteLine($"analysis {analysis}");
            return 0;
        }
        catch (TusRefusedException e)
        {
            error.WriteLine($"crashdesk upload: {file.Name}: {e.Message}{(e.Code is null ? "" : $" ({e.Code})")}");
            return 1;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            error.WriteLine($"crashdesk upload: {file.Name}: {e.Message}");
            return 1;
        }
    }

    internal sealed record UploadRequest(Uri Server, string ApiKey, Guid CaseId, FileInfo File, string Kind, Uri? Session, string StateFile, bool Sha256, UploadSettings Settings);

    internal static async Task<PatchResult> RunAsync(UploadRequest request, TextWriter error)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        var client = new TusClient(http, request.Server, request.ApiKey);
        var state = new UploadStateFile(request.StateFile);
        string key = UploadStateFile.KeyOf(request.Server, request.CaseId, request.File);
        await using var file = new FileStream(request.File.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
        long length = file.Length;
        var upload = new ResumableUpload(client, new SequentialChunks(), request.Settings, line => error.WriteLine($"crashdesk upload: {line}"));
        var session = request.Session ?? state.Find(key);
        if (session is null)
        {
            string? sha256 = null;
            if (request.Sha256)
            {
                error.WriteLine($"crashdesk upload: computing the SHA-256 of {request.File.Name} (the server checks it at the end)");
                sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(file));
            }
            session = await client.CreateAsync(request.CaseId, request.File.Name, request.Kind, length, sha256, CancellationToken.None);
            state.Remember(key, session);
            error.WriteLine($"crashdesk upload: session {session}");
        }
        else
        {
            error.WriteLine($"crashdesk upload: resuming session {session}");
        }
        var progress = new UploadProgress(error, length, 0, !Console.IsErrorRedirected && ReferenceEquals(error, Console.Error));
        var result = await upload.RunAsync(session, file, length, progress.Sent, progress.At, CancellationToken.None);
        progress.Done();
        state.Forget(key);
        return result;
    }

    private static int Usage(TextWriter error, string message)
    {
        error.WriteLine($"crashdesk upload: {message}");
        return 2;
    }

    /// <summary>A byte count with an optional K/M/G suffix (powers of 1024).</summary>
    internal static bool TryParseSize(string text, out long bytes)
    {
        long unit = char.ToUpperInvariant(text[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 1 };
        string digits = unit == 1 ? text : text[..^1];
        bool ok = long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long n);
        bytes = n * unit;
        return ok;
    }
}
