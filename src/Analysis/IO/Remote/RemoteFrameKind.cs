namespace Crashdesk.Analysis.IO.Remote;

/// <summary>What one frame of the byte channel (<see cref="RemoteFrames"/>) carries.</summary>
public enum RemoteFrameKind : byte
{
    /// <summary>Server to client, first on every connection: the source's length (8 bytes, little-endian) and its name (UTF-8).</summary>
    Hello = 1,

    /// <summary>Client to server: offset (8 bytes) and length (4 bytes), little-endian.</summary>
    Read = 2,

    /// <summary>Server to client: the bytes read (fewer than asked only at the end of the source).</summary>
    Data = 3,

    /// <summary>Server to client: the request failed; the payload is the message (UTF-8).</summary>
    Error = 4,

    /// <summary>Client to server: a question other than bytes (the payload is the caller's: e.g. JSON).</summary>
    Ask = 5,

    /// <summary>Server to client: the answer to <see cref="Ask"/>.</summary>
    Answer = 6,
}
