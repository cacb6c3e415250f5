using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.IO.Remote;

namespace Crashdesk.Analysis.Tests.IO.Remote;

/// <summary>
/// The byte channel between the worker and its engine process, over a real Unix domain socket: the bytes come
/// through as the source has them (small reads through the client's blocks, large ones split), every length out
/// of bounds is refused on both sides, and a source that fails reaches the client as an I/O error while the server
/// keeps the source's own exception.
/// </summary>
public sealed class RemoteByteChannelTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("crashdesk-channel-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Reads_through_the_channel_give_the_source_s_bytes_small_large_and_past_the_end()
    {
        var data = new byte[3 * RemoteFrames.MaxReadBytes / 2 + 12345];
        new Random(7).NextBytes(data);
        await using var server = Serve(new MemoryByteSource(data, "vmcore-x"));
        using var source = new RemoteByteSource(RemoteChannel.Connect(server.SocketPath));

        Assert.Equal("vmcore-x", source.Name);
        Assert.Equal(data.Length, source.Length);
        var small = new byte[100];
        Assert.Equal(100, source.Read(RemoteByteSource.BlockBytes - 50, small)); // across two blocks
        Assert.Equal(data.AsSpan(RemoteByteSource.BlockBytes - 50, 100).ToArray(), small);
        var large = new byte[data.Length]; // more than one request may carry
        Assert.Equal(data.Length, source.Read(0, large));
        Assert.Equal(data, large);
        var tail = new byte[64];
        Assert.Equal(10, source.Read(data.Length - 10, tail));
        Assert.Equal(0, source.Read(data.Length + 5, tail));
        Assert.Null(server.FirstFailure);
    }

    [Fact]
    public async Task A_source_that_fails_reaches_the_client_as_an_io_error_and_the_server_keeps_its_exception()
    {
        await using var server = Serve(new FailingSource());
        using var source = new RemoteByteSource(RemoteChannel.Connect(server.SocketPath));

        var e = Assert.Throws<RemoteSourceException>(() => source.Read(0, new byte[16]));
        Assert.IsAssignableFrom<IOException>(e);
        Assert.Contains("the store is down (fake)", e.Message);
        Assert.Equal("the store is down (fake)", server.FirstFailure?.Message);
        // The connection stays usable: the next request is answered (with the same error).
        Assert.Throws<RemoteSourceException>(() => source.Read(4096, new byte[16]));
    }

    [Theory]
    [InlineData(-1L, 16)]
    [InlineData(0L, 0)]
    [InlineData(0L, RemoteFrames.MaxReadBytes + 1)]
    public void A_read_request_out_of_bounds_is_refused(long offset, int length) =>
        Assert.Throws<IOException>(() => RemoteFrames.ParseReadRequest(RemoteFrames.ReadRequest(offset, length)));

    [Fact]
    public void A_frame_longer_than_the_reader_s_bound_is_refused_before_anything_is_allocated()
    {
        using var stream = new MemoryStream();
        RemoteFrames.Write(stream, RemoteFrameKind.Data, new byte[1000]);
        stream.Position = 0;
        var e = Assert.Throws<IOException>(() => RemoteFrames.Read(stream, maxPayload: 999));
        Assert.Contains("1000 bytes is refused", e.Message);
        // An unknown kind, and a cut frame, are refused too.
        Assert.Throws<IOException>(() => RemoteFrames.Read(new MemoryStream([99, 0, 0, 0, 0])));
        Assert.Throws<IOException>(() => RemoteFrames.Read(new MemoryStream([(byte)RemoteFrameKind.Data, 10, 0, 0, 0, 1, 2])));
    }

    [Fact]
    public async Task A_question_is_answered_by_the_server_s_function()
    {
        await using var server = Serve(new MemoryByteSource(new byte[10], "dump"), (question, _) => Task.FromResult(question.Reverse().ToArray()));
        using var channel = RemoteChannel.Connect(server.SocketPath);

        Assert.Equal(new byte[] { 3, 2, 1 }, channel.Ask([1, 2, 3]));
    }

    private RemoteByteServer Serve(IByteSource source, Func<byte[], CancellationToken, Task<byte[]>>? answer = null)
    {
        var server = new RemoteByteServer(source, Path.Combine(_directory, $"{Guid.NewGuid():N}"[..8] + ".sock"), answer);
        server.Start();
        return server;
    }

    /// <summary>A fake store's byte source that fails every read.</summary>
    private sealed class FailingSource : IByteSource
    {
        public string Name => "vmcore-y";

        public long Length => 1 << 20;

        public int Read(long offset, Span<byte> destination) => throw new IOException("the store is down (fake)");

        public void Dispose()
        {
        }
    }
}
