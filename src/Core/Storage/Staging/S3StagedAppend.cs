namespace Crashdesk.Core.Storage.Staging;

/// <summary>
/// Appends to the bounded tail file of an S3 staged upload; each time it holds a whole part it is sent as
/// the next part (streamed from the file) and the next part's tail file begins. The uploaded part's file is
/// removed by the next request, not now: until the new state is saved, the session still names it as the tail.
/// </summary>
internal sealed class S3StagedAppend(S3UploadStaging staging, S3Multipart multipart, string key, S3StagingState state, FileStream tail, int partSize) : IStagedAppend
{
    private FileStream _tail = tail;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        // A whole part left by a request whose part upload failed goes first.
        if (_tail.Length == partSize)
            await SendPartAsync(cancellationToken);
        while (!data.IsEmpty)
        {
            int n = (int)Math.Min(data.Length, partSize - _tail.Length);
            await _tail.WriteAsync(data[..n], cancellationToken);
            data = data[n..];
            if (_tail.Length == partSize)
                await SendPartAsync(cancellationToken);
        }
    }

    private async Task SendPartAsync(CancellationToken cancellationToken)
    {
        await _tail.FlushAsync(cancellationToken);
        int number = state.Parts.Count + 1;
        string etag = await multipart.UploadPartAsync(key, state.UploadId, number, _tail, 0, partSize, cancellationToken);
        state.Parts.Add(new S3Part(number, etag));
        await _tail.DisposeAsync();
        _tail = S3UploadStaging.OpenTail(staging.TailPath(key, number + 1), FileMode.Create);
    }

    public Task<StagedProgress> FinishAsync(CancellationToken cancellationToken)
    {
        _tail.Flush(flushToDisk: true);
        return Task.FromResult(new StagedProgress((long)state.Parts.Count * partSize + _tail.Length, state.ToJson()));
    }

    public async ValueTask DisposeAsync() => await _tail.DisposeAsync();
}
