using Crashdesk.Core.Options;
using Crashdesk.Core.Storage;

namespace Crashdesk.Core.Tests.Support;

/// <summary>Stores on the test services: a temp directory, or the s3rver bucket from ./test.sh.</summary>
public static class TestStores
{
    public static S3Options S3Options(int partSizeBytes = 5 * 1024 * 1024) => new()
    {
        ServiceUrl = TestEnvironment.S3ServiceUrl,
        Bucket = TestEnvironment.S3Bucket,
        AccessKey = TestEnvironment.S3AccessKey,
        SecretKey = TestEnvironment.S3SecretKey,
        PartSizeBytes = partSizeBytes,
    };

    public static S3BlobStore S3(int partSizeBytes = 5 * 1024 * 1024)
    {
        var options = S3Options(partSizeBytes);
        return new S3BlobStore(S3ClientFactory.Create(options), options);
    }

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "crashdesk-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
