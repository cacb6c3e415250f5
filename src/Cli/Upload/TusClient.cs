using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Crashdesk.Cli.Upload;

/// <summary>
/// The client half of Crashdesk's resumable uploads: tus 1.0.0 core, creation and checksum
/// (https://tus.io/protocols/resumable-upload) against /api/v1/cases/{case}/uploads, with the API key in
/// X-Api-Key. One request per method; retrying and resuming are <see cref="ResumableUpload"/>'s.
/// </summary>
internal sealed class TusClient(HttpClient http, Uri server, string apiKey)
{
    private const string Version = "1.0.0";

    /// <summary>POST: a new session; returns its URL (Location).</summary>
    public async Task<Uri> CreateAsync(Guid caseId, string fileName, string kind, long length, string? sha256Hex, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, new Uri(server, $"api/v1/cases/{caseId}/uploads"));
        request.Headers.Add("Upload-Length", length.ToString(CultureInfo.InvariantCulture));
        var metadata = $"filename {B64(fileName)},kind {B64(kind)}";
        if (sha256Hex is not null)
            metadata += $",sha256 {B64(sha256Hex)}";
        request.Headers.Add("Upload-Metadata", metadata);
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.Created, cancellationToken);
        var location = response.Headers.Location ?? throw new TusRefusedException(0, null, "the server created a session but sent no Location");
        return location.IsAbsoluteUri ? location : new Uri(server, location);
    }

    /// <summary>HEAD: how many bytes the server holds (where to resume) and the length it expects.</summary>
    public async Task<(long Offset, long Length)> GetOffsetAsync(Uri session, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Head, session);
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.OK, cancellationToken);
        return (Header(response, "Upload-Offset"), Header(response, "Upload-Length"));
    }

    /// <summary>GET: the session as JSON (status, artifact, analysis).</summary>
    public async Task<UploadSessionJson> GetAsync(Uri session, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, session);
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.OK, cancellationToken);
        return JsonSerializer.Deserialize(await response.Content.ReadAsStreamAsync(cancellationToken), TusJsonContext.Default.UploadSessionJson)
            ?? throw new TusRefusedException(200, null, "the server answered an empty session");
    }

    /// <summary>
    /// PATCH <paramref name="count"/> bytes of <paramref name="file"/> from <paramref name="offset"/>; with
    /// <paramref name="checksum"/> the chunk's SHA-256 goes in Upload-Checksum. Returns the new offset and, after
    /// the last byte, the artifact and analysis ids. 409 → <see cref="TusOffsetConflictException"/>.
    /// </summary>
    public async Task<PatchResult> PatchAsync(Uri session, FileStream file, long offset, int count, bool checksum, Action<long>? sent, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Patch, session);
        request.Headers.Add("Upload-Offset", offset.ToString(CultureInfo.InvariantCulture));
        if (checksum)
            request.Headers.Add("Upload-Checksum", "sha256 " + Convert.ToBase64String(await HashRangeAsync(file, offset, count, cancellationToken)));
        request.Content = new FileRangeContent(file, offset, count, sent);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        request.Content.Headers.ContentLength = count;
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict && response.Headers.TryGetValues("Upload-Offset", out var values)
            && long.TryParse(values.First(), NumberStyles.None, CultureInfo.InvariantCulture, out long serverOffset))
            throw new TusOffsetConflictException(serverOffset);
        await EnsureAsync(response, HttpStatusCode.NoContent, cancellationToken);
        return new PatchResult(Header(response, "Upload-Offset"), Guid(response, "Crashdesk-Artifact-Id"), Guid(response, "Crashdesk-Analysis-Id"));
    }

    public async Task DeleteAsync(Uri session, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Delete, session);
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.NoContent, cancellationToken);
    }

    private HttpRequestMessage Request(HttpMethod method, Uri url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Tus-Resumable", Version);
        request.Headers.Add("X-Api-Key", apiKey);
        return request;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        if (response.StatusCode == expected)
            return;
        ProblemJson? problem = null;
        try
        {
            if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true)
                problem = JsonSerializer.Deserialize(await response.Content.ReadAsStreamAsync(cancellationToken), TusJsonContext.Default.ProblemJson);
        }
        catch (JsonException)
        {
        }
        int status = (int)response.StatusCode;
        // 5xx and 423 (another request still holds the session) are worth waiting out; the rest is final.
        if (status >= 500 || status == 423)
            throw new HttpRequestException($"the server answered {status} {problem?.Detail}".TrimEnd(), null, response.StatusCode);
        throw new TusRefusedException(status, problem?.Code, problem?.Detail ?? $"the server answered {status} {response.ReasonPhrase}");
    }

    private static long Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) && long.TryParse(values.First(), NumberStyles.None, CultureInfo.InvariantCulture, out long n)
            ? n : throw new TusRefusedException((int)response.StatusCode, null, $"the server's answer has no {name}");

    private static Guid? Guid(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) && System.Guid.TryParse(values.First(), out var id) ? id : null;

    private static string B64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    private static async Task<byte[]> HashRangeAsync(FileStream file, long offset, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        await RandomAccess.ReadAsync(file.SafeFileHandle, buffer, offset, cancellationToken);
        return SHA256.HashData(buffer);
    }
}

internal sealed record PatchResult(long Offset, Guid? ArtifactId, Guid? AnalysisId);
