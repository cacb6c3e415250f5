using Microsoft.Win32.SafeHandles;

namespace Crashdesk.Core.Storage.Staging;

/// <summary>
/// Appends to a plain sparse staging file at the offset (positional writes, no seek shared between requests);
/// <see cref="FinishAsync"/> fsyncs, so an offset recorded after it survives a crash of the machine.
/// </summary>
internal sealed class PlainStagedAppend(SafeFileHandle file, long offset) : IStagedAppend
{
    private long _offset = offset;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await RandomAccess.WriteAsync(file, data, _offset, cancellationToken);
        _offset += data.Length;
    }

    public Task<StagedProgress> FinishAsync(CancellationToken cancellationToken)
    {
        RandomAccess.FlushToDisk(file);
        return Task.FromResult(new StagedProgress(_offset, null));
    }

    public ValueTask DisposeAsync()
    {
        file.Dispose();
        return ValueTask.CompletedTask;
    }
}
