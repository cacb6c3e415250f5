using System.Net;
using System.Net.Http.Headers;
using Minio;
using Minio.DataModel.Args;

namespace Crashdesk.Core.Storage;

/// <summary>
/// GETs of one object through a URL presigned by the Minio SDK, sent on the SDK's own HttpClient.
/// <para>Why not <c>IMinioClient.GetObjectAsync</c>: in Minio SDK 7.0.0 every GetObjectAsync first
/// calls StatObjectAsync, which itself sends HEAD bucket and HEAD object, so one ranged read costs
/// three requests; and the body is only lent to a callback inside the call (the response is disposed
/// when it returns), while a download must hand a stream to its caller. A presigned URL (SigV4 query
/// authentication, signed locally: no request) signs only the Host header, so a Range header can be
/// added freely (S3 API: GetObject, "Range"; Authenticating Requests: Using Query Parameters).</para>
/// </summary>
internal sealed class S3ObjectReader
{
    // The URL is valid for an hour and re-signed after ten minutes, so a long analysis never
    // presents an expired signature and a signature never outlives a credential rotation by much.
    private const int ExpirySeconds = 3600;
    private static readonly TimeSpan _resignAfter = TimeSpan.FromMinutes(10);

    private readonly IMinioClient _client;
    private readonly string _bucket;
    private readonly string _key;
    private readonly Lock _lock = new();
    private Uri? _url;
    private DateTime _signedAt;

    public S3ObjectReader(IMinioClient client, string bucket, string key)
    {
        _client = client;
        _bucket = bucket;
        _key = key;
    }

    /// <summary>
    /// Reads exactly <paramref name="destination"/>.Length bytes from <paramref name="start"/>
    /// with one ranged GET, synchronously (the engine's byte source is synchronous: a blocking
    /// send avoids sync-over-async on the thread pool). The range must lie inside the object.
    /// </summary>
    public void ReadRange(long start, Span<byte> destination)
    {
        using var request = RangeRequest(start, destination.Length);
        using var response = _client.Config.HttpClient.Send(request, HttpCompletionOption.ResponseHeadersRead);
        CheckRangeResponse(response, start, destination.Length);
        using var body = response.Content.ReadAsStream();
        try
        {
            body.ReadExactly(destination);
        }
        catch (EndOfStreamException e)
        {
            throw new IOException($"S3 object '{_key}': the body of bytes {start}-{start + destination.Length - 1} ended early (object changed?)", e);
        }
    }

    /// <summary>
    /// A GET of the object from <paramref name="offset"/> to its end (a Range header past 0); the caller disposes
    /// the response. Missing: <see cref="BlobNotFoundException"/>.
    /// </summary>
    public async Task<HttpResponseMessage> GetAsync(long offset, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url());
        if (offset > 0)
            request.Headers.Range = new RangeHeaderValue(offset, null);
        var response = await _client.Config.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.OK || (offset > 0 && response.StatusCode == HttpStatusCode.PartialContent))
            return response;
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
                throw new BlobNotFoundException(_key);
            throw Error(response);
        }
    }

    private HttpRequestMessage RangeRequest(long start, int length)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Url());
        request.Headers.Range = new RangeHeaderValue(start, start + length - 1);
        return request;
    }

    private void CheckRangeResponse(HttpResponseMessage response, long start, int length)
    {
        if (response.StatusCode == HttpStatusCode.PartialContent)
            return;
        // A server may answer a range covering the whole object with the whole object (200).
        if (response.StatusCode == HttpStatusCode.OK && start == 0 && response.Content.Headers.ContentLength == length)
            return;
        if (response.StatusCode == HttpStatusCode.NotFound)
            throw new IOException($"S3 object '{_key}' no longer exists (read of bytes {start}-{start + length - 1})");
        throw Error(response);
    }

    /// <summary>The error with the start of S3's XML error body (its Code and Message).</summary>
    private IOException Error(HttpResponseMessage response)
    {
        var head = new byte[512];
        int n = 0;
        using (var body = response.Content.ReadAsStream())
            n = body.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        string text = System.Text.Encoding.UTF8.GetString(head, 0, n);
        return new IOException($"S3 GET of '{_key}' answered {(int)response.StatusCode} {response.ReasonPhrase}: {text}");
    }

    private Uri Url()
    {
        lock (_lock)
        {
            if (_url is null || DateTime.UtcNow - _signedAt > _resignAfter)
            {
                var now = DateTime.UtcNow;
                var args = new PresignedGetObjectArgs().WithBucket(_bucket).WithObject(_key).WithExpiry(ExpirySeconds).WithRequestDate(now);
                // Completes synchronously: with a region configured the SDK signs without any request.
                _url = new Uri(_client.PresignedGetObjectAsync(args).GetAwaiter().GetResult());
                _signedAt = now;
            }
            return _url;
        }
    }
}
