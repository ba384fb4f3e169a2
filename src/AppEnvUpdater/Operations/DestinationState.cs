namespace AeUpdater.Operations;

/// <summary>What is at a destination path, without following a symbolic link there.</summary>
internal enum DestinationState
{
    Missing,
    File,
    Directory,
    Link,
}
