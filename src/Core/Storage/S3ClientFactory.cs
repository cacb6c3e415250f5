using Amazon.Runtime;
using Amazon.S3;
using Crashdesk.Core.Options;

namespace Crashdesk.Core.Storage;

/// <summary>Builds the S3 client for MinIO / s3rver: path-style, static credentials, checksums only when required.</summary>
public static class S3ClientFactory
{
    public static IAmazonS3 Create(S3Options options)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = options.ServiceUrl,
            // MinIO and s3rver address buckets by path, not by virtual host (platform.md).
            ForcePathStyle = true,
            AuthenticationRegion = options.Region,
            // SDK v4 adds trailing checksums to every request by default; s3rver does not parse aws-chunked bodies.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        return new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
