namespace AeUpdater.Delivery.Releases;

/// <summary>
/// A release channel. Each channel also receives the releases of the more stable ones: <c>alpha</c> gets everything,
/// <c>beta</c> gets beta, rc and stable releases, <c>rc</c> gets rc and stable, <c>stable</c> only versions without a
/// pre-release label.
/// </summary>
public enum Channel
{
    /// <summary>Versions without a pre-release label (<c>1.2.0</c>).</summary>
    Stable = 0,

    /// <summary>Release candidates (<c>1.2.0-rc.1</c>) and stable.</summary>
    Rc = 1,

    /// <summary>Betas (<c>1.2.0-beta.2</c>), release candidates and stable.</summary>
    Beta = 2,

    /// <summary>Everything: alphas (<c>1.2.0-alpha.1</c>) and any other pre-release label.</summary>
    Alpha = 3,
}
