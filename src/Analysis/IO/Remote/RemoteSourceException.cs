namespace Crashdesk.Analysis.IO.Remote;

/// <summary>
/// The server side of the byte channel could not answer (its own store failed, or it refused the request).
/// An <see cref="IOException"/>: the engine treats it as a read that failed, never as a bad dump.
/// </summary>
public sealed class RemoteSourceException(string message) : IOException(message);
