namespace AeUpdater.Delivery;

/// <summary>A publishing or update step failed; the message says which file or step and why.</summary>
public class DeliveryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeliveryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public DeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public DeliveryException()
        : base("The delivery step failed.")
    {
    }
}
