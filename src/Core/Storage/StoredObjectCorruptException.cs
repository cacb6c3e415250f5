namespace Crashdesk.Core.Storage;

/// <summary>
/// A stored object does not hold what the service recorded of it (a kernel profile longer than its row says, of
/// another build): the service's own bookkeeping is broken, not the customer's dump, so it is not the engine's
/// <c>DumpFormatException</c>. Permanent: reading it again gives the same bytes.
/// </summary>
public sealed class StoredObjectCorruptException(string message) : Exception(message);
