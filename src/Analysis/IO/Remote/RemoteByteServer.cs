using System.Net.Sockets;

namespace Crashdesk.Analysis.IO.Remote;

/// <summary>
/// The server side of the byte channel: serves one <see cref="IByteSource"/> on a Unix domain socket to the
/// engine process it was made for — reads checked by <see cref="RemoteFrames.ParseReadRequest"/>, and the
/// questions it asks to <paramref name="answer"/>. A read the source fails is answered with an error frame
/// (the client sees an <see cref="IOException"/>) and the first such exception is kept in
/// <see cref="FirstFailure"/>, so the caller can end the analysis with the store's own error.
/// </summary>
/// <param name="source">The one source served.</param>
/// <param name="socketPath">Where to listen (a path in a directory only this process and its child can reach).</param>
/// <param name="answer">Answers a question (<see cref="RemoteFrameKind.Ask"/>); null refuses them all.</param>
public sealed class RemoteByteServer(IByteSource source, string socketPath, Func<byte[], CancellationToken, Task<byte[]>>? answer = null) : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly List<Socket> _sockets = [];
    private readonly SemaphoreSlim _slots = new(RemoteChannel.MaxConnections, RemoteChannel.MaxConnections);
    private Task? _accepting;
    private Exception? _firstFailure;

    /// <summary>The first exception the source threw while serving a read (or the answer function threw), or null.</summary>
    public Exception? FirstFailure => Volatile.Read(ref _firstFailure);

    /// <summary>The socket's path (what the client connects to).</summary>
    public string SocketPath => socketPath;

    /// <summary>Binds the socket and starts accepting connections (at most <see cref="RemoteChannel.MaxConnections"/> at once).</summary>
    public void Start()
    {
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        _listener.Listen(RemoteChannel.MaxConnections);
        _accepting = AcceptAsync(_stop.Token);
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                await _slots.WaitAsync(cancellationToken);
                connection = await _listener.AcceptAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            lock (_connections)
            {
                _sockets.Add(connection);
                // A thread of its own, blocking on the socket: each read is a round trip the child waits for, and a
                // thread-pool hop per frame cost more than the read itself (the engine reads page by page).
                _connections.Add(Task.Factory.StartNew(() =>
                {
                    try
                    {
                        Serve(connection, cancellationToken);
                    }
                    finally
                    {
                        _slots.Release();
                    }
                }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
            }
        }
    }

    private void Serve(Socket connection, CancellationToken cancellationToken)
    {
        using var stream = new NetworkStream(connection, ownsSocket: true);
        // Grown to the largest read asked for on this connection (pages, mostly), not the 8 MiB a read may be.
        byte[] buffer = [];
        try
        {
            RemoteFrames.Write(stream, RemoteFrameKind.Hello, RemoteFrames.Hello(source.Length, source.Name));
            while (!cancellationToken.IsCancellationRequested && RemoteFrames.Read(stream) is { } frame)
            {
                if (frame.Kind == RemoteFrameKind.Read)
                    AnswerRead(stream, frame.Payload, ref buffer);
                else if (frame.Kind == RemoteFrameKind.Ask && answer is not null)
                    AnswerQuestion(stream, frame.Payload, cancellationToken);
                else
                {
                    // Out of protocol: say why, then close this connection.
                    WriteError(stream, $"a {frame.Kind} frame is not a request this server takes");
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The child went away (or broke the protocol, or the server is stopping): its connection ends; the
            // analysis' outcome is the child's exit.
        }
    }

    private void AnswerRead(Stream stream, byte[] request, ref byte[] buffer)
    {
        long offset;
        int length;
        try
        {
            (offset, length) = RemoteFrames.ParseReadRequest(request);
        }
        catch (IOException e)
        {
            WriteError(stream, e.Message);
            return;
        }
        if (buffer.Length < length)
            buffer = new byte[length];
        int read;
        try
        {
            read = offset >= source.Length ? 0 : source.Read(offset, buffer.AsSpan(0, length));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Interlocked.CompareExchange(ref _firstFailure, e, null);
            WriteError(stream, $"reading {source.Name} failed: {e.Message}");
            return;
        }
        RemoteFrames.Write(stream, RemoteFrameKind.Data, buffer.AsSpan(0, read));
    }

    private void AnswerQuestion(Stream stream, byte[] question, CancellationToken cancellationToken)
    {
        byte[] reply;
        try
        {
            // This connection's own thread waits: the child waits for the answer anyway.
            reply = answer!(question, cancellationToken).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The server's own failure (its database, its store): kept like a failed read, so the analysis ends with it.
            Interlocked.CompareExchange(ref _firstFailure, e, null);
            WriteError(stream, $"the service could not answer: {e.Message}");
            return;
        }
        RemoteFrames.Write(stream, RemoteFrameKind.Answer, reply);
    }

    private static void WriteError(Stream stream, string message) =>
        RemoteFrames.Write(stream, RemoteFrameKind.Error, System.Text.Encoding.UTF8.GetBytes(message));

    /// <summary>Stops accepting, ends every connection and removes the socket file.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        if (_accepting is not null)
            await _accepting;
        Task[] running;
        lock (_connections)
        {
            running = [.. _connections];
            // A connection blocked in a read ends when its socket goes.
            foreach (var socket in _sockets)
                socket.Dispose();
        }
        await Task.WhenAll(running);
        // Only now: a connection that ends releases its slot, up to the last one.
        _slots.Dispose();
        _stop.Dispose();
        try
        {
            File.Delete(socketPath);
        }
        catch (IOException)
        {
            // The directory it lives in is removed by the caller anyway.
        }
    }
}
