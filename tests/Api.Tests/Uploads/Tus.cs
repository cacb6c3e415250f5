using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Crashdesk.Api.Tests.Uploads;

/// <summary>Raw tus requests, header by header, for the protocol tests (the CLI's client hides the refusals they check).</summary>
internal static class Tus
{
    public static async Task<HttpResponseMessage> CreateAsync(HttpClient client, Guid caseId, string fileName, string kind, long length, string? sha256 = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cases/{caseId}/uploads");
        request.Headers.Add("Tus-Resumable", "1.0.0");
        request.Headers.Add("Upload-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        string metadata = $"filename {B64(fileName)},kind {B64(kind)}" + (sha256 is null ? "" : $",sha256 {B64(sha256)}");
        request.Headers.Add("Upload-Metadata", metadata);
        return await client.SendAsync(request);
    }

    public static async Task<string> CreatedAsync(HttpClient client, Guid caseId, string fileName, string kind, long length, string? sha256 = null)
    {
        using var response = await CreateAsync(client, caseId, fileName, kind, length, sha256);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    public static async Task<HttpResponseMessage> PatchAsync(HttpClient client, string session, long offset, byte[] body, string? checksum = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, session) { Content = new ByteArrayContent(body) };
        request.Headers.Add("Tus-Resumable", "1.0.0");
        request.Headers.Add("Upload-Offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (checksum is not null)
            request.Headers.Add("Upload-Checksum", checksum);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> HeadAsync(HttpClient client, string session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, session);
        request.Headers.Add("Tus-Resumable", "1.0.0");
        return await client.SendAsync(request);
    }

    public static async Task<long> OffsetAsync(HttpClient client, string session)
    {
        using var response = await HeadAsync(client, session);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return Offset(response);
    }

    public static long Offset(HttpResponseMessage response) => long.Parse(response.Headers.GetValues("Upload-Offset").Single(), System.Globalization.CultureInfo.InvariantCulture);

    public static string Sha256Checksum(byte[] bytes) => "sha256 " + Convert.ToBase64String(SHA256.HashData(bytes));

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string B64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
}
