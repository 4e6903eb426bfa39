using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// A verifier nobody here wrote: Debian's PyJWT reads Ludmin's JWKS and verifies a Ludmin ES256
/// token (signature, kid, audience, issuer, expiry), and refuses a forged one. Skipped with the
/// reason when python3-jwt is not installed, unless <c>LUDMIN_REQUIRE_PYJWT=1</c> (CI sets it).
/// </summary>
public sealed class PyJwtTests : ApiTestBase
{
    public const string RequireVariable = "LUDMIN_REQUIRE_PYJWT";

    // The key is picked from the JWKS by the token's kid, as a resource server would.
    private const string Verifier = """
        import sys, jwt
        jwks = jwt.PyJWKSet.from_json(open(sys.argv[1]).read())
        token = sys.argv[2]
        kid = jwt.get_unverified_header(token)["kid"]
        key = next(k for k in jwks.keys if k.key_id == kid)
        claims = jwt.decode(token, key.key, algorithms=["ES256"], audience="ludmin", issuer="ludmin",
                            options={"require": ["exp", "iat", "nbf", "iss", "aud", "sub"]})
        print(claims["sub"])
        """;

    protected override LudminFactoryOptions FactoryOptions => new() { Settings = TestTokens.Es256Settings() };

    [Test]
    public async Task PyJwt_WhenGivenTheJwksAndALudminToken_VerifiesIt()
    {
        DebianPython.Require("jwt, cryptography", ["python3-jwt", "python3-cryptography"], RequireVariable);
        var session = await Api.NewSessionAsync("pyjwt");

        var (exit, output) = await VerifyAsync(session.Token);

        Assert.That(exit, Is.Zero, output);
        Assert.That(output.Trim(), Is.EqualTo(session.User.Id));
    }

    [Test]
    public async Task PyJwt_WhenGivenATokenSignedWithAnotherKeyUnderOurKid_RefusesIt()
    {
        DebianPython.Require("jwt, cryptography", ["python3-jwt", "python3-cryptography"], RequireVariable);
        var session = await Api.NewSessionAsync("pyjwt");

        var (exit, output) = await VerifyAsync(Es256ForgedTokens.Signed(session, TestTokens.EcCredentials(TestTokens.ForgerEcPem)));

        Assert.That(exit, Is.Not.Zero);
        Assert.That(output, Does.Contain("InvalidSignatureError"));
    }

    private async Task<(int Exit, string Output)> VerifyAsync(string token)
    {
        using var response = await Factory.Api.GetAsync("/.well-known/jwks.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var jwks = Path.Combine(Factory.DataDirectory, "jwks.json");
        await File.WriteAllTextAsync(jwks, await response.Content.ReadAsStringAsync());
        var script = Path.Combine(Factory.DataDirectory, "verify.py");
        await File.WriteAllTextAsync(script, Verifier);

        var (exit, output, errors) = await DebianPython.RunAsync([script, jwks, token]);
        return (exit, output + errors);
    }
}
