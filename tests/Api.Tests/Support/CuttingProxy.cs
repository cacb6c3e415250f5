using Crashdesk.TestSupport;

namespace Crashdesk.Api.Tests.Support;

/// <summary>
/// A loopback relay in front of a server that drops connections like a bad link: each of the first
/// <c>cuts</c> connections is reset (RST) after a random number of bytes from the client (seeded, so a failure
/// repeats), usually in the middle of a request body; later connections pass untouched.
/// </summary>
public sealed class CuttingProxy : LoopbackRelay
{
    private readonly Random _random;
    private readonly int _minBytes, _maxBytes;
    private int _cutsLeft;
    private int _cuts;

    public CuttingProxy(int targetPort, int seed, int cuts, int minBytes = 64 * 1024, int maxBytes = 1200 * 1024)
        : base(targetPort)
    {
        _random = new Random(seed);
        _cutsLeft = cuts;
        _minBytes = minBytes;
        _maxBytes = maxBytes;
        Start();
    }

    /// <summary>How many connections were cut so far.</summary>
    public int Cuts => Volatile.Read(ref _cuts);

    /// <inheritdoc />
    protected override bool ResetOnEnd => true;

    /// <inheritdoc />
    protected override object? OnAccept()
    {
        lock (_random)
            return _cutsLeft-- > 0 ? _random.Next(_minBytes, _maxBytes) : null;
    }

    /// <inheritdoc />
    protected override ValueTask<(int Pass, bool End)> ForwardAsync(object? connection, long sentSoFar, int count)
    {
        if (connection is not int cutAfter || sentSoFar + count < cutAfter)
            return ValueTask.FromResult((count, false));
        Interlocked.Increment(ref _cuts);
        return ValueTask.FromResult(((int)Math.Max(0, cutAfter - sentSoFar), true));
    }
}
