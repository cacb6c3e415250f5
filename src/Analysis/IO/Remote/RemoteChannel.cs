using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Crashdesk.Analysis.IO.Remote;

/// <summary>
/// The client side of the byte channel (<see cref="RemoteFrames"/>): connections to the Unix domain socket
/// of the process that holds the source, one request and its answer at a time on each. The engine reads
/// from several threads (DWARF scans, read-ahead): a thread that finds every connection busy opens another,
/// up to <see cref="MaxConnections"/>, and otherwise waits for one. Thread-safe.
/// </summary>
public sealed class RemoteChannel : IDisposable
{
    /// <summary>Most connections one channel opens (the server accepts as many).</summary>
    public const int MaxConnections = 8;

    private readonly string _socketPath;
    private readonly ConcurrentBag<NetworkStream> _idle = [];
    private readonly SemaphoreSlim _slots = new(MaxConnections, MaxConnections);
    private volatile bool _disposed;

    private RemoteChannel(string socketPath, NetworkStream first, long length, string name)
    {
        _socketPath = socketPath;
        _idle.Add(first);
        Length = length;
        Name = name;
    }

    /// <summary>The source's length, from the server's hello.</summary>
    public long Length { get; }

    /// <summary>The source's name (the file name people uploaded), from the server's hello.</summary>
    public string Name { get; }

    /// <summary>Connects to the server at <paramref name="socketPath"/> and reads its hello.</summary>
    public static RemoteChannel Connect(string socketPath)
    {
        var (stream, length, name) = Open(socketPath);
        return new RemoteChannel(socketPath, stream, length, name);
    }

    /// <summary>
    /// Reads <paramref name="destination"/>.Length bytes (at most <see cref="RemoteFrames.MaxReadBytes"/>) at
    /// <paramref name="offset"/>; returns how many came (fewer only at the end). An error frame throws
    /// <see cref="RemoteSourceException"/>.
    /// </summary>
    public int Read(long offset, Span<byte> destination)
    {
        var payload = Exchange(RemoteFrameKind.Read, RemoteFrames.ReadRequest(offset, destination.Length), RemoteFrameKind.Data, destination.Length);
        if (payload.Length > destination.Length)
            throw new IOException($"the byte channel answered {payload.Length} bytes to a read of {destination.Length}");
        payload.CopyTo(destination);
        return payload.Length;
    }

    /// <summary>Sends a question (<see cref="RemoteFrameKind.Ask"/>) and returns the server's answer.</summary>
    public byte[] Ask(ReadOnlySpan<byte> question) =>
        Exchange(RemoteFrameKind.Ask, question, RemoteFrameKind.Answer, RemoteFrames.MaxPayloadBytes);

    private byte[] Exchange(RemoteFrameKind request, ReadOnlySpan<byte> payload, RemoteFrameKind expected, int maxAnswer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _slots.Wait();
        NetworkStream? stream = null;
        try
        {
            if (!_idle.TryTake(out stream))
                stream = Open(_socketPath).Stream;
            RemoteFrames.Write(stream, request, payload);
            var frame = RemoteFrames.Read(stream, Math.Max(maxAnswer, 64 * 1024))
                ?? throw new IOException("the byte channel closed before it answered");
            if (frame.Kind == RemoteFrameKind.Error)
                throw new RemoteSourceException(System.Text.Encoding.UTF8.GetString(frame.Payload));
            if (frame.Kind != expected)
                throw new IOException($"the byte channel answered {frame.Kind} to {request}");
            _idle.Add(stream);
            stream = null;
            return frame.Payload;
        }
        finally
        {
            // A connection that failed mid-exchange is out of step: dropped, never reused.
            stream?.Dispose();
            _slots.Release();
        }
    }

    private static (NetworkStream Stream, long Length, string Name) Open(string socketPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            var stream = new NetworkStream(socket, ownsSocket: true);
            var hello = RemoteFrames.Read(stream, 64 * 1024) ?? throw new IOException("the byte channel closed before its hello");
            if (hello.Kind != RemoteFrameKind.Hello)
                throw new IOException($"the byte channel began with {hello.Kind}, not a hello");
            var (length, name) = RemoteFrames.ParseHello(hello.Payload);
            return (stream, length, name);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Closes every idle connection.</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var stream))
            stream.Dispose();
    }
}
