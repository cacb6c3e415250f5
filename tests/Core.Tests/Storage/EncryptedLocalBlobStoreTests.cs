using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crashdesk.Analysis;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Options;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Storage.Encryption;
using Crashdesk.Core.Tests.Support;
using Xunit.Abstractions;

namespace Crashdesk.Core.Tests.Storage;

/// <summary>
/// The local store with encryption at rest: the whole store contract with 4 KiB chunks (so every
/// test crosses many), nothing of the plaintext on disk, per-chunk authentication, rotation by
/// rewrapping only the data key, and the same report from a sealed dump as from the plain file.
/// </summary>
public sealed class EncryptedLocalBlobStoreTests(ITestOutputHelper output) : BlobStoreContract, IDisposable
{
    private static readonly string _key1 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string _key2 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly List<string> _roots = [];
    private LocalBlobStore? _store;

    protected override IBlobStore Store => _store ??= New(("k1", _key1));

    [Fact]
    public async Task The_file_on_disk_is_sealed_and_holds_none_of_the_plaintext()
    {
        var secret = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("root password is hunter2; ", 2000)));
        var store = New(("k1", _key1));

        await store.WriteAsync("a/secret", new MemoryStream(secret), long.MaxValue);

        var raw = await File.ReadAllBytesAsync(Path.Combine(store.Root, "a", "secret"));
        Assert.StartsWith("CDKENV01", Encoding.ASCII.GetString(raw, 0, 8));
        Assert.Equal(-1, raw.AsSpan().IndexOf("hunter2"u8));
        Assert.Equal(-1, raw.AsSpan().IndexOf(Convert.FromBase64String(_key1)));
    }

    [Fact]
    public async Task A_positional_read_authenticates_only_the_chunks_it_touches()
    {
        var store = New(("k1", _key1));
        var data = UnsizedStream.Expected(5 * 4096 + 100, seed: 5);
        await store.WriteAsync("t/x", new MemoryStream(data), long.MaxValue);
        string path = Path.Combine(store.Root, "t", "x");
        // Flip one ciphertext byte of chunk 2 (header 128 bytes, then 4096 + 16 per chunk).
        using (var file = File.OpenWrite(path))
        {
            file.Position = 128 + 2 * 4112 + 10;
            file.WriteByte(0x5a);
        }

        using var source = await store.OpenByteSourceAsync("t/x");
        var chunk0 = new byte[4096];
        Assert.Equal(4096, source.Read(0, chunk0));
        Assert.Equal(data.AsSpan(0, 4096).ToArray(), chunk0);
        var chunk4 = new byte[200];
        Assert.Equal(200, source.Read(4 * 4096, chunk4));
        var error = Assert.ThrowsAny<CryptographicException>(() => source.Read(2 * 4096 + 5, new byte[10]));
        Assert.Contains("chunk 2", error.Message);
    }

    [Fact]
    public async Task A_sealed_object_cut_off_at_a_chunk_boundary_does_not_read_as_a_shorter_one()
    {
        var store = New(("k1", _key1));
        await store.WriteAsync("t/cut", new MemoryStream(UnsizedStream.Expected(3 * 4096, seed: 2)), long.MaxValue);
        string path = Path.Combine(store.Root, "t", "cut");
        using (var file = new FileStream(path, FileMode.Open))
            file.SetLength(128 + 2 * 4112);

        using var source = await store.OpenByteSourceAsync("t/cut");
        Assert.Equal(2 * 4096, source.Length);
        Assert.ThrowsAny<CryptographicException>(() => source.Read(4096, new byte[10])); // the new last chunk was not sealed as last
    }

    [Fact]
    public async Task Rotation_rewraps_the_data_keys_without_rewriting_the_data()
    {
        var old = New(("k1", _key1));
        var data = UnsizedStream.Expected(50_000, seed: 8);
        await old.WriteAsync("r/one", new MemoryStream(data), long.MaxValue);
        await old.WriteAsync("r/two", new MemoryStream(data), long.MaxValue);
        string path = Path.Combine(old.Root, "r", "one");
        var chunksBefore = (await File.ReadAllBytesAsync(path))[EnvelopeHeader.Size..];

        var rotating = Reopen(old.Root, ("k1", _key1), ("k2", _key2), active: "k2");
        int rewrapped = await rotating.RewrapAsync();
        int again = await rotating.RewrapAsync();

        Assert.Equal(2, rewrapped);
        Assert.Equal(0, again);
        Assert.Equal(chunksBefore, (await File.ReadAllBytesAsync(path))[EnvelopeHeader.Size..]);
        var onlyNew = Reopen(old.Root, ("k2", _key2));
        await using var read = await onlyNew.OpenReadAsync("r/one");
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(data, copy.ToArray());
        var onlyOld = Reopen(old.Root, ("k1", _key1));
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => onlyOld.OpenByteSourceAsync("r/one"));
        Assert.Contains("sealed with key 'k2'", missing.Message);
    }

    [Fact]
    public async Task Files_written_before_encryption_was_configured_are_still_read()
    {
        var plain = new LocalBlobStore(Root());
        await plain.WriteAsync("p/old", new MemoryStream([1, 2, 3]), 10);

        var sealedStore = Reopen(plain.Root, ("k1", _key1));
        using var source = await sealedStore.OpenByteSourceAsync("p/old");

        Assert.Equal(3, source.Length);
    }

    [Theory]
    [InlineData("k1", "c2hvcnQ=", "is 5 bytes; an AES-256 key is 32")]
    [InlineData("K1", null, "key id 'K1' must be")]
    [InlineData("k1", "not base64!", "is not base64")]
    public void A_wrong_key_is_refused_naming_the_setting(string id, string? value, string expected)
    {
        var options = new StorageEncryptionOptions { Keys = { [id] = value ?? _key1 } };

        var error = Assert.Throws<InvalidOperationException>(() => EnvelopeKeyring.From(options));

        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("debian-6.1-cloud/sysrq-c/kdump-zlib", 64 * 1024)] // the default Storage:Encryption:ChunkBytes
    [InlineData("debian-6.1-cloud/hung-mutex/kdump-zstd", 64 * 1024)]
    [InlineData("debian-6.1-cloud/sysrq-c/kdump-zlib", 16 * 1024)]
    [InlineData("debian-6.1-cloud/hung-mutex/kdump-zstd", 16 * 1024)]
    public async Task A_sealed_dump_gives_the_same_report_and_what_it_costs(string fixture, int chunkBytes)
    {
        var plain = new LocalBlobStore(Root());
        var sealedStore = new LocalBlobStore(Root(), EnvelopeKeyring.From(new StorageEncryptionOptions { Keys = { ["k1"] = _key1 } }), chunkBytes);
        var plainKey = await FixtureObjects.UploadAsync(plain, fixture);
        var sealedKey = await FixtureObjects.UploadAsync(sealedStore, fixture);

        // Alternating runs, medians of 5 (the machine is shared: absolute times drift).
        var plainTimes = new List<double>();
        var sealedTimes = new List<double>();
        string? plainReport = null, sealedReport = null;
        for (int run = 0; run < 5; run++)
        {
            (plainReport, var p) = await AnalyseAsync(plain, plainKey);
            (sealedReport, var s) = await AnalyseAsync(sealedStore, sealedKey);
            plainTimes.Add(p);
            sealedTimes.Add(s);
        }

        Assert.Equal(plainReport, sealedReport);
        double plainMedian = plainTimes.Order().ElementAt(2), sealedMedian = sealedTimes.Order().ElementAt(2);
        output.WriteLine($"{fixture}, {chunkBytes / 1024} KiB chunks: full analysis from the plain file {plainMedian:F0} ms, from the sealed file {sealedMedian:F0} ms "
            + $"(×{sealedMedian / plainMedian:F2}); runs plain [{string.Join(", ", plainTimes.Select(t => t.ToString("F0")))}], sealed [{string.Join(", ", sealedTimes.Select(t => t.ToString("F0")))}]");
    }

    private static async Task<(string Report, double Milliseconds)> AnalyseAsync(LocalBlobStore store, string key)
    {
        var watch = Stopwatch.StartNew();
        using var source = await store.OpenByteSourceAsync(key);
        var report = DumpAnalyzer.Analyze(source);
        watch.Stop();
        return (JsonSerializer.Serialize(report, ReportJson.Options), watch.Elapsed.TotalMilliseconds);
    }

    private LocalBlobStore New(params (string Id, string Key)[] keys) => Reopen(Root(), keys);

    private static LocalBlobStore Reopen(string root, params (string Id, string Key)[] keys) => Reopen(root, keys, active: null);

    private static LocalBlobStore Reopen(string root, (string Id, string Key) first, (string Id, string Key) second, string active) =>
        Reopen(root, [first, second], active);

    private static LocalBlobStore Reopen(string root, (string Id, string Key)[] keys, string? active)
    {
        var options = new StorageEncryptionOptions { ActiveKeyId = active };
        foreach (var (id, key) in keys)
            options.Keys[id] = key;
        return new LocalBlobStore(root, EnvelopeKeyring.From(options), chunkBytes: 4096);
    }

    private string Root()
    {
        var root = TestStores.TempDirectory();
        _roots.Add(root);
        return root;
    }

    public void Dispose()
    {
        foreach (var root in _roots)
            Directory.Delete(root, recursive: true);
    }
}
