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

    [Fact]
    public async Task Objects_are_0600_and_directories_0700_owned_by_the_service_user_as_stat_reads_them()
    {
        await _store.WriteAsync("cases/0a/artifacts/1b", new MemoryStream([1, 2, 3]), 10);
        string file = Path.Combine(_store.Root, "cases", "0a", "artifacts", "1b");

        Assert.Equal($"600 {Environment.UserName} regular file", Stat(file));
        foreach (var directory in new[] { _store.Root, Path.Combine(_store.Root, "cases"), Path.Combine(_store.Root, "cases", "0a"), Path.GetDirectoryName(file)! })
            Assert.Equal($"{directory}: 700 {Environment.UserName} directory", $"{directory}: {Stat(directory)}");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_root_made_world_readable_before_is_made_private_when_the_store_opens()
    {
        string root = TestStores.TempDirectory();
        try
        {
            File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101); // 0755, as the store made it before
            Assert.StartsWith("755 ", Stat(root));

            _ = new LocalBlobStore(root);

            Assert.StartsWith("700 ", Stat(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Stat(string path) => Programs.Try("stat", "-c", "%a %U %F", path).Output().Trim();

    public void Dispose() => Directory.Delete(_store.Root, recursive: true);
}
