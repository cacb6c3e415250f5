using Crashdesk.Core.Paging;
namespace Crashdesk.Core.Services;

/// <summary>The organisation's debug-kernel library: uploads (processed by a worker job), list, details.</summary>
public interface IDebugKernelService
{
    /// <summary>
    /// Streams a vmlinux into the library (limit DebugKernels:MaxBytes) and queues the job that reads
    /// its build-id and builds its kernel profile. Over the limit: <see cref="UploadStatus.TooLarge"/>, nothing stored.
    /// </summary>
    Task<DebugKernelUploadResult> UploadAsync(Caller caller, string fileName, Stream content, CancellationToken cancellationToken = default);

    /// <summary>The organisation's entries, newest first.</summary>
    Task<IReadOnlyList<DebugKernelView>> ListAsync(Caller caller, int skip, int take, CancellationToken cancellationToken = default);

    /// <summary>One page of the library, newest first, by cursor (keyset on the upload time and id).</summary>
    Task<CursorPage<DebugKernelView>> ListAsync(Caller caller, PageRequest request, CancellationToken cancellationToken = default);

    /// <summary>One entry of the caller's organisation, or null.</summary>
    Task<DebugKernelView?> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken = default);

    /// <summary>The debug kernels uploaded to one case (through its artifacts), oldest first.</summary>
    Task<IReadOnlyList<DebugKernelView>> ListForCaseAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default);

    /// <summary>The library upload limit in bytes.</summary>
    long MaxUploadBytes { get; }
}
