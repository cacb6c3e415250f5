namespace Crashdesk.Core.Options;

/// <summary>Section "Storage": which store, and the local store's directory.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Local;

    /// <summary>Root directory of the local store (Provider = Local).</summary>
    public string LocalPath { get; set; } = ".crashdesk/blobs";
}
