using System.Security.Cryptography;
using System.Text;

namespace Crashdesk.Analysis.Triage;

/// <summary>
/// The grouping key of a crash: SHA-256 over the algorithm version, the class and the normalised title
/// (which names the guilty function without clone suffixes, offsets, addresses or numbers), truncated
/// to 16 hex digits. Bump <see cref="Version"/> whenever titles or guilty-frame rules change meaning.
/// </summary>
public static class CrashSignature
{
    /// <summary>The signature algorithm's version, part of the hashed text.</summary>
    public const int Version = 1;

    /// <summary>Computes the signature of a crash of <paramref name="crashClass"/> titled <paramref name="title"/>.</summary>
    public static string Compute(string crashClass, string title)
    {
        ArgumentNullException.ThrowIfNull(crashClass);
        ArgumentNullException.ThrowIfNull(title);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"crashdesk-signature/{Version}\n{crashClass}\n{title}"));
        return Convert.ToHexStringLower(hash, 0, 8);
    }
}
