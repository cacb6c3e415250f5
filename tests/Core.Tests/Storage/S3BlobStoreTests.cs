using Crashdesk.Core.Storage;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Core.Tests.Storage;

/// <summary>The contract against a real S3 server (s3rver from ./test.sh), multipart parts of 5 MiB.</summary>
public sealed class S3BlobStoreTests : BlobStoreContract
{
    private readonly S3BlobStore _store = TestStores.S3(PartSize);

    protected override IBlobStore Store => _store;

    protected override async Task AssertNoPendingUploadsAsync(string prefix) =>
        Assert.Empty(await _store.ListPendingUploadsAsync(prefix));
}
