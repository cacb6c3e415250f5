namespace Crashdesk.Core.Options;

/// <summary>Which object store holds artifacts.</summary>
public enum StorageProvider
{
    Local,
    S3,
}
