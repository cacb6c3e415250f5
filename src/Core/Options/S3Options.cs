using System.ComponentModel.DataAnnotations;

namespace Crashdesk.Core.Options;

/// <summary>Section "Storage:S3": an S3-compatible endpoint (MinIO in production, s3rver in tests), through the Minio SDK.</summary>
public sealed class S3Options
{
    public const string Section = "Storage:S3";

    /// <summary>
    /// e.g. http://minio:9000: scheme, host and port only (TLS follows the scheme). Buckets are
    /// addressed by path, as the Minio SDK does for every endpoint but AWS's own.
    /// </summary>
    public string ServiceUrl { get; set; } = "";
    public string Bucket { get; set; } = "crashdesk";
    public string AccessKey { get; set; } = "";
    public string SecretKey { get; set; } = "";

    /// <summary>The region requests are signed for; set, so the SDK never looks the bucket's location up.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>
    /// How much of an upload is read before it is sent: a body that ends within it is put with its
    /// length known (one PUT below 5 MiB); a longer one streams into a multipart upload whose parts
    /// the Minio SDK 7.0.0 sizes itself (16 MiB for a body of unknown length, docs/storage.md).
    /// S3 requires at least 5 MiB for every part but the last.
    /// </summary>
    [Range(5 * 1024 * 1024, 1024 * 1024 * 1024)]
    public int PartSizeBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Block size of the ranged-GET cache of <c>S3ByteSource</c>: small, because dumps are read
    /// sparsely (a kdump page descriptor is 24 bytes, a compressed page ~1 KB); sequential reads fetch
    /// up to 64 KiB ahead. With the kernel's profile a full analysis of a Debian dump fetched 2.8–3.9 %
    /// of it with 2 KiB blocks, 3.7–5.0 % with 4 KiB, for a third more requests (docs/storage.md).
    /// </summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int ReadBlockBytes { get; set; } = 2 * 1024;

    /// <summary>How many blocks the ranged-GET cache of one open dump keeps (LRU): 8192 × 2 KiB = 16 MiB.</summary>
    [Range(1, 65536)]
    public int ReadCacheBlocks { get; set; } = 8192;

    /// <summary>
    /// Where resumable uploads keep the bytes that do not fill a part yet (at most one part per upload);
    /// empty: crashdesk-staging in the system's temp directory. Shared by every Api server, or sessions stick to one.
    /// </summary>
    public string StagingPath { get; set; } = "";
}
