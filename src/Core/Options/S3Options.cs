using System.ComponentModel.DataAnnotations;

namespace Crashdesk.Core.Options;

/// <summary>Section "Storage:S3": an S3-compatible endpoint (MinIO in production, s3rver in tests).</summary>
public sealed class S3Options
{
    public const string Section = "Storage:S3";

    /// <summary>e.g. http://minio:9000. Path-style addressing is always used (MinIO, s3rver).</summary>
    public string ServiceUrl { get; set; } = "";
    public string Bucket { get; set; } = "crashdesk";
    public string AccessKey { get; set; } = "";
    public string SecretKey { get; set; } = "";
    public string Region { get; set; } = "us-east-1";

    /// <summary>Multipart upload part size; S3 requires at least 5 MiB for every part but the last.</summary>
    [Range(5 * 1024 * 1024, 1024 * 1024 * 1024)]
    public int PartSizeBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Block size of the ranged-GET cache of <c>S3ByteSource</c>: small, because dumps are read sparsely.</summary>
    [Range(4096, 16 * 1024 * 1024)]
    public int ReadBlockBytes { get; set; } = 64 * 1024;

    /// <summary>How many blocks the ranged-GET cache keeps (LRU).</summary>
    [Range(1, 65536)]
    public int ReadCacheBlocks { get; set; } = 512;
}
