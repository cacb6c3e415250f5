namespace Crashdesk.Analysis.Caching;

/// <summary>
/// A value computed once, on first use, by a factory that takes the caller's cancellation token.
/// Unlike <see cref="Lazy{T}"/> (whose factory takes no token, and which in
/// <see cref="LazyThreadSafetyMode.ExecutionAndPublication"/> caches the factory's exception for
/// ever), a cancelled or failed computation is not kept: the next caller computes it again. So a
/// Ctrl-C during the first backtrace command of a console session stops the task-list walk at
/// once, and the next command starts it afresh instead of answering "cancelled" for ever.
/// </summary>
/// <typeparam name="T">The value's type.</typeparam>
public sealed class CancellableLazy<T>(Func<CancellationToken, T> factory) where T : class
{
    private readonly Lock _computing = new();
    private volatile T? _value;

    /// <summary>True once a computation has succeeded.</summary>
    public bool IsValueCreated => _value is not null;

    /// <summary>The value, computed by this call when no earlier one succeeded; one computation at a time.</summary>
    public T Get(CancellationToken cancellationToken)
    {
        if (_value is { } ready)
            return ready;
        lock (_computing)
        {
            if (_value is { } computed)
                return computed;
            cancellationToken.ThrowIfCancellationRequested();
            var value = factory(cancellationToken) ?? throw new InvalidOperationException("the factory returned null");
            _value = value;
            return value;
        }
    }
}
