using Microsoft.Win32.SafeHandles;

namespace Crashdesk.Core.Storage.Encryption;

/// <summary>
/// Key rotation without touching the data: a sealed file whose data key is wrapped by another key
/// than the active one gets the same data key wrapped by the active key, written over header bytes
/// 20..112 in place (one 92-byte write within the file's first block; the chunks are not read).
/// </summary>
internal static class EnvelopeRewrap
{
    /// <summary>Rewraps the file at <paramref name="path"/> if needed; true when it was rewritten.</summary>
    public static bool Rewrap(string path, string name, EnvelopeKeyring keys)
    {
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        var bytes = new byte[EnvelopeHeader.Size];
        int read = RandomAccess.Read(handle, bytes, 0);
        if (read < EnvelopeHeader.Size || !EnvelopeHeader.IsSealed(bytes))
            return false; // a plain file (written before encryption was configured)
        var header = EnvelopeHeader.Parse(bytes, name);
        if (header.KeyId == keys.ActiveKeyId)
            return false;
        var dataKey = keys.Unwrap(header, name);
        try
        {
            keys.Wrap(dataKey, header);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(dataKey);
        }
        RandomAccess.Write(handle, header.Bytes.Slice(EnvelopeHeader.WrapOffset, EnvelopeHeader.WrapLength), EnvelopeHeader.WrapOffset);
        RandomAccess.FlushToDisk(handle);
        return true;
    }
}
