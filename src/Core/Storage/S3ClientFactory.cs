using Crashdesk.Core.Options;
using Minio;

namespace Crashdesk.Core.Storage;

/// <summary>
/// Builds the Minio client for MinIO / s3rver from <see cref="S3Options"/>: endpoint and TLS from
/// the URL, static credentials, a fixed region and our own pooled <see cref="HttpClient"/>.
/// </summary>
public static class S3ClientFactory
{
    /// <summary>
    /// A client for <see cref="S3Options.ServiceUrl"/>. The URL's scheme decides TLS (the Minio
    /// SDK takes host and port only and needs <c>WithSSL</c> separately), so no UseSsl setting
    /// exists. The URL must not carry a path: the SDK ignores it and would address the wrong bucket.
    /// </summary>
    public static IMinioClient Create(S3Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new ArgumentException($"Storage:S3:ServiceUrl '{options.ServiceUrl}' is not an absolute http(s) URL", nameof(options));
        if (url.AbsolutePath != "/" || url.Query.Length > 0)
            throw new ArgumentException($"Storage:S3:ServiceUrl '{options.ServiceUrl}' has a path or query; give the endpoint only (e.g. http://minio:9000)", nameof(options));
        var http = new HttpClient(new SocketsHttpHandler
        {
            // The engine reads one dump with many small ranged GETs: keep connections open, but
            // recycle them so a DNS change (a MinIO node replaced) is eventually seen.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        });
        return new MinioClient()
            .WithEndpoint(url)
            .WithSSL(url.Scheme == Uri.UriSchemeHttps)
            .WithCredentials(options.AccessKey, options.SecretKey)
            // With a region set the SDK never asks the server for the bucket's location
            // (GetBucketLocation before the first request of every bucket); MinIO and s3rver
            // accept any region in the signature's scope.
            .WithRegion(options.Region)
            .WithHttpClient(http, disposeHttpClient: true)
            .Build();
    }
}
