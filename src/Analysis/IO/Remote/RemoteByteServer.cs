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
                _connections.Add(Task.Run(async () =>
                {
                    try
                    {
                        await ServeAsync(connection, cancellationToken);
                    }
                    finally
                    {
                        _slots.Release();
                    }
                }, CancellationToken.None));
        }
    }

    private async Task ServeAsync(Socket connection, CancellationToken cancellationToken)
    {
        await using var stream = new NetworkStream(connection, ownsSocket: true);
        var buffer = new byte[RemoteFrames.MaxReadBytes];
        try
        {
            await RemoteFrames.WriteAsync(stream, RemoteFrameKind.Hello, RemoteFrames.Hello(source.Length, source.Name), cancellationToken);
            while (await RemoteFrames.ReadAsync(stream, RemoteFrames.MaxPayloadBytes, cancellationToken) is { } frame)
            {
                if (frame.Kind == RemoteFrameKind.Read)
                    await AnswerReadAsync(stream, frame.Payload, buffer, cancellationToken);
                else if (frame.Kind == RemoteFrameKind.Ask && answer is not null)
                    await AnswerQuestionAsync(stream, frame.Payload, cancellationToken);
                else
                {
                    // Out of protocol: say why, then close this connection.
                    await WriteErrorAsync(stream, $"a {frame.Kind} frame is not a request this server takes", cancellationToken);
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The child went away (or broke the protocol): its connection ends; the analysis' outcome is its exit.
        }
    }

    private async Task AnswerReadAsync(Stream stream, byte[] request, byte[] buffer, CancellationToken cancellationToken)
    {
        long offset;
        int length;
        try
        {
            (offset, length) = RemoteFrames.ParseReadRequest(request);
        }
        catch (IOException e)
        {
            await WriteErrorAsync(stream, e.Message, cancellationToken);
            return;
        }
        int read;
        try
        {
            read = offset >= source.Length ? 0 : source.Read(offset, buffer.AsSpan(0, length));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Interlocked.CompareExchange(ref _firstFailure, e, null);
            await WriteErrorAsync(stream, $"reading {source.Name} failed: {e.Message}", cancellationToken);
            return;
        }
        await RemoteFrames.WriteAsync(stream, RemoteFrameKind.Data, buffer.AsMemory(0, read), cancellationToken);
    }

    private async Task AnswerQuestionAsync(Stream stream, byte[] question, CancellationToken cancellationToken)
    {
        byte[] reply;
        try
        {
            reply = await answer!(question, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The server's own failure (its database, its store): kept like a failed read, so the analysis ends with it.
            Interlocked.CompareExchange(ref _firstFailure, e, null);
            await WriteErrorAsync(stream, $"the service could not answer: {e.Message}", cancellationToken);
            return;
        }
        await RemoteFrames.WriteAsync(stream, RemoteFrameKind.Answer, reply, cancellationToken);
    }

    private static Task WriteErrorAsync(Stream stream, string message, CancellationToken cancellationToken) =>
        RemoteFrames.WriteAsync(stream, RemoteFrameKind.Error, System.Text.Encoding.UTF8.GetBytes(message), cancellationToken);

    /// <summary>Stops accepting, ends every connection and removes the socket file.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        if (_accepting is not null)
            await _accepting;
        Task[] running;
        lock (_connections)
            running = [.. _connections];
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
