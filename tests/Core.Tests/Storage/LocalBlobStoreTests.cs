using Crashdesk.Core.Storage;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Core.Tests.Storage;

public sealed class LocalBlobStoreTests : BlobStoreContract, IDisposable
{
    private readonly LocalBlobStore _store = new(TestStores.TempDirectory());

    protected override IBlobStore Store => _store;

    [Fact]
    public async Task Keys_stay_inside_the_root()
    {
        await _store.WriteAsync("x/y/z", new MemoryStream([1, 2]), 10);
        Assert.True(File.Exists(Path.Combine(_store.Root, "x", "y", "z")));
    }

    public void Dispose() => Directory.Delete(_store.Root, recursive: true);
}
