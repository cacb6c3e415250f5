using Crashdesk.Core.Options;
using Crashdesk.Core.Storage;
using Crashdesk.TestSupport;

namespace Crashdesk.Core.Tests.Support;

/// <summary>Stores on the test services: a temp directory, or the s3rver bucket from ./test.sh.</summary>
public static class TestStores
{
    public static S3Options S3Options(int partSizeBytes = 5 * 1024 * 1024) => new()
    {
        ServiceUrl = TestServices.S3ServiceUrl,
        Bucket = TestServices.S3Bucket,
        AccessKey = TestServices.S3AccessKey,
        SecretKey = TestServices.S3SecretKey,
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
