namespace Crashdesk.Core.Storage;

/// <summary>No object under the key.</summary>
public sealed class BlobNotFoundException(string key) : Exception($"no object with key '{key}'")
{
    public string Key { get; } = key;
}
