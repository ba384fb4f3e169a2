namespace AeUpdater.Tests.TestSupport;

/// <summary>Thrown by a test's step hook to interrupt a run the way a crash would.</summary>
public sealed class InjectedFaultException : Exception
{
    public InjectedFaultException()
    {
    }

    public InjectedFaultException(string message)
        : base(message)
    {
    }

    public InjectedFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
