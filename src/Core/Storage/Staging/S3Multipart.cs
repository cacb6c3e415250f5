using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Crashdesk.Core.Options;

namespace Crashdesk.Core.Storage.Staging;

/// <summary>
/// The four S3 multipart calls (CreateMultipartUpload, UploadPart, CompleteMultipartUpload,
/// AbortMultipartUpload, as in the Amazon S3 API reference) on plain HTTP with our own SigV4 signature:
/// the Minio SDK 7.0.0 keeps them private to PutObjectAsync, and a resumable upload has to spread one
/// multipart upload over many requests and days. Bucket addressed by path, as the SDK does (docs/storage.md).
/// </summary>
internal sealed class S3Multipart : IDisposable
{
    private readonly HttpClient _http;
    private readonly S3RequestSigner _signer;
    private readonly Uri _bucketUrl;

    public S3Multipart(S3Options options, bool serverSideEncryption)
    {
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromMinutes(10) };
        _signer = new S3RequestSigner(options.AccessKey, options.SecretKey, options.Region);
        _bucketUrl = new Uri(new Uri(options.ServiceUrl), Uri.EscapeDataString(options.Bucket) + "/");
        ServerSideEncryption = serverSideEncryption;
    }

    private bool ServerSideEncryption { get; }

    public async Task<string> CreateAsync(string key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ObjectUrl(key, "uploads"));
        if (ServerSideEncryption)
            request.Headers.TryAddWithoutValidation("x-amz-server-side-encryption", "AES256");
        var xml = await SendAsync(request, S3RequestSigner.EmptyBodyHash, cancellationToken);
        return Element(xml, "UploadId") ?? throw new IOException($"S3 answered CreateMultipartUpload for {key} without an UploadId");
    }

    /// <summary>Sends <paramref name="length"/> bytes of <paramref name="file"/> from <paramref name="offset"/> as part <paramref name="number"/>; returns its ETag.</summary>
    public async Task<string> UploadPartAsync(string key, string uploadId, int number, FileStream file, long offset, long length, CancellationToken cancellationToken)
    {
        // The signature carries the body's SHA-256: read once to hash (the file is in the page cache), once to send.
        file.Position = offset;
        string hash;
        using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            var buffer = HashingCopier.RentBuffer(1 << 20);
            try
            {
                long left = length;
                while (left > 0 && await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken) is var n and > 0)
                {
                    sha.AppendData(buffer, 0, n);
                    left -= n;
                }
                if (left > 0)
                    throw new IOException($"staged part {number} of {key} is {length - left} bytes, not {length}");
            }
            finally
            {
                HashingCopier.ReturnBuffer(buffer);
            }
            hash = S3RequestSigner.Hex(sha.GetHashAndReset());
        }
        file.Position = offset;
        using var request = new HttpRequestMessage(HttpMethod.Put, ObjectUrl(key, $"partNumber={number}&uploadId={Uri.EscapeDataString(uploadId)}"))
        {
            Content = new StreamContent(new BoundedReadStream(file, length)),
        };
        request.Content.Headers.ContentLength = length;
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        _signer.Sign(request, hash, DateTimeOffset.UtcNow);
        using var response = await _http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, "UploadPart", key, cancellationToken);
        return response.Headers.ETag?.Tag ?? throw new IOException($"S3 answered UploadPart {number} of {key} without an ETag");
    }

    public async Task CompleteAsync(string key, string uploadId, IReadOnlyList<S3Part> parts, CancellationToken cancellationToken)
    {
        var body = new XElement("CompleteMultipartUpload",
            parts.Select(p => new XElement("Part", new XElement("PartNumber", p.Number), new XElement("ETag", p.ETag))));
        var bytes = Encoding.UTF8.GetBytes(body.ToString(SaveOptions.DisableFormatting));
        using var request = new HttpRequestMessage(HttpMethod.Post, ObjectUrl(key, $"uploadId={Uri.EscapeDataString(uploadId)}"))
        {
            Content = new ByteArrayContent(bytes),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        var xml = await SendAsync(request, S3RequestSigner.Hex(SHA256.HashData(bytes)), cancellationToken);
        // S3 may answer 200 and put the error in the body (the API reference says so for CompleteMultipartUpload).
        if (xml.Contains("<Error", StringComparison.Ordinal))
            throw new IOException($"S3 refused to complete the multipart upload of {key}: {Element(xml, "Message")}");
    }

    /// <summary>A missing upload (aborted already, or completed) is not an error: abort is idempotent here.</summary>
    public async Task AbortAsync(string key, string uploadId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, ObjectUrl(key, $"uploadId={Uri.EscapeDataString(uploadId)}"));
        _signer.Sign(request, S3RequestSigner.EmptyBodyHash, DateTimeOffset.UtcNow);
        using var response = await _http.SendAsync(request, cancellationToken);
        if (response.StatusCode != System.Net.HttpStatusCode.NotFound)
            await EnsureSuccessAsync(response, "AbortMultipartUpload", key, cancellationToken);
    }

    private async Task<string> SendAsync(HttpRequestMessage request, string bodyHash, CancellationToken cancellationToken)
    {
        _signer.Sign(request, bodyHash, DateTimeOffset.UtcNow);
        using var response = await _http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, request.Method.Method, request.RequestUri!.AbsolutePath, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string operation, string key, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new IOException($"S3 {operation} of {key} answered {(int)response.StatusCode}: {Element(body, "Code") ?? ""} {Element(body, "Message") ?? ""}".TrimEnd());
    }

    private Uri ObjectUrl(string key, string query) => new(_bucketUrl, key + "?" + query);

    private static string? Element(string xml, string name)
    {
        try
        {
            return XDocument.Parse(xml).Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>An uploaded part: its number (1-based) and the ETag S3 answered, both needed to complete.</summary>
internal sealed record S3Part(int Number, string ETag);
