using System.Text;
using System.Text.Json;
using Ludmin.Application.Common.Claims;
using Ludmin.Domain.Common;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Tokens;
using Ludmin.UnitTests.Support;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Moq;

namespace Ludmin.UnitTests.Infrastructure;

public sealed class JwtTokenIssuerTests
{
    private readonly TokenOptions _options = new() { SigningKey = "a signing key of more than thirty-two bytes", Issuer = "ludmin-test", Audience = "ludmin-clients" };
    private readonly FakeTimeProvider _clock = TestData.Clock();
    private readonly DeviceId _device = DeviceId.New();
    private readonly TokenKeys _key;

    public JwtTokenIssuerTests() => _key = Key(_options.SigningKey!);

    private static DateTimeOffset NowInSeconds => DateTimeOffset.FromUnixTimeSeconds(TestData.Now.ToUnixTimeSeconds());

    [Test]
    public void IssuePublic_WhenCalled_CarriesTheDeviceAndOnlyThePublicGrant()
    {
        var issued = Issuer().IssuePublic(_device);

        using var payload = Payload(issued.Token);
        var root = payload.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("device_id").GetString(), Is.EqualTo(_device.Value));
            Assert.That(Grants(root), Is.EqualTo(new[] { "public" }));
            Assert.That(root.TryGetProperty("sub", out _), Is.False);
            Assert.That(root.TryGetProperty("email", out _), Is.False);
            Assert.That(root.TryGetProperty("sid", out _), Is.False);
        });
    }

    [Test]
    public void IssueForUser_WhenDeviceIsLinked_CarriesTheDevicesCurrentSessionAsSid()
    {
        var user = TestData.User();
        TestData.LinkNewDevice(user, "Laptop");
        user.LinkDevice(_device, DeviceDescription.Empty, TestData.Now);

        var issued = Issuer().IssueForUser(user, _device, Assurance.PasswordOnly);

        using var payload = Payload(issued.Token);
        Assert.That(payload.RootElement.GetProperty("sid").GetString(), Is.EqualTo(user.SessionOf(_device).Value));
        Assert.That(LudminClaims.Session, Is.EqualTo("sid"));
    }

    [Test]
    public void IssueForUser_WhenTheDeviceLoggedInAgain_CarriesTheNewSession()
    {
        var user = TestData.User();
        user.LinkDevice(_device, DeviceDescription.Empty, TestData.Now);
        var before = Issuer().IssueForUser(user, _device, Assurance.PasswordOnly);

        user.LinkDevice(_device, DeviceDescription.Empty, TestData.Now.AddMinutes(1));
        var after = Issuer().IssueForUser(user, _device, Assurance.PasswordOnly);

        using var first = Payload(before.Token);
        using var second = Payload(after.Token);
        var firstSid = first.RootElement.GetProperty("sid").GetString();
        var secondSid = second.RootElement.GetProperty("sid").GetString();
        Assert.That(secondSid, Is.Not.EqualTo(firstSid));
        Assert.That(secondSid, Is.EqualTo(user.SessionOf(_device).Value));
    }

    [Test]
    public void IssueForUser_CarriesTheSessionsRefreshGenerationAsANumber()
    {
        var user = TestData.User();
        user.LinkDevice(_device, DeviceDescription.Empty, TestData.Now);
        using (var first = Payload(Issuer().IssueForUser(user, _device, Assurance.PasswordOnly).Token))
        {
            Assert.That(first.RootElement.GetProperty("gen").GetInt64(), Is.EqualTo(LinkedDevice.FirstGeneration));
        }

        user.RefreshSession(_device, user.SessionOf(_device), 0, TestData.Now.AddMinutes(1), TimeSpan.FromSeconds(10));

        using var refreshed = Payload(Issuer().IssueForUser(user, _device, Assurance.PasswordOnly).Token);
        Assert.That(refreshed.RootElement.GetProperty("gen").ValueKind, Is.EqualTo(JsonValueKind.Number));
        Assert.That(refreshed.RootElement.GetProperty("gen").GetInt64(), Is.EqualTo(1));
        Assert.That(LudminClaims.Generation, Is.EqualTo("gen"));
    }

    [Test]
    public void IssuePublic_CarriesNoGeneration()
    {
        using var payload = Payload(Issuer().IssuePublic(_device).Token);

        Assert.That(payload.RootElement.TryGetProperty("gen", out _), Is.False);
    }

    [Test]
    public void IssueForUser_WhenDeviceIsNotLinkedToTheUser_RefusesWithDeviceNotFound() =>
        Assert.That(() => Issuer().IssueForUser(TestData.User(), _device, Assurance.PasswordOnly), Refused.With(Errors.DeviceNotFound));

    [Test]
    public void IssueForUser_WhenUserIsNotMaster_CarriesSubjectCurrentEmailDeviceAndTheBasicsGrant()
    {
        var user = TestData.User("ann@example.com");
        user.ChangeEmail(EmailAddress.Create("Ann@Example.org"), TestData.Now);
        user.LinkDevice(_device, DeviceDescription.Empty, TestData.Now);

        var issued = Issuer().IssueForUser(user, _device, Assurance.PasswordOnly);

        using var payload = Payload(issued.Token);
        var root = payload.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("sub").GetString(), Is.EqualTo(user.Id.Value));
            Assert.That(root.GetProperty("email").GetString(), Is.EqualTo("Ann@Example.org"));
            Assert.That(root.GetProperty("device_id").GetString(), Is.EqualTo(_device.Value));
            Assert.That(Grants(root), Is.EqualTo(new[] { "basics" }));
        });
    }

    [Test]
    public void IssueForUser_WhenUserIsMaster_AddsTheMasterGrant()
    {
        var master = TestData.Master();
        master.LinkDevice(_device, DeviceDescription.Empty, TestData.Now);

        var issued = Issuer().IssueForUser(master, _device, Assurance.PasswordOnly);

        using var payload = Payload(issued.Token);
        Assert.That(Grants(payload.RootElement), Is.EqualTo(new[] { "basics", "master" }));
    }

    [Test]
    public void IssuePublic_WhenCalled_SetsEveryRegisteredClaimAndSignsWithHs256()
    {
        var issued = Issuer().IssuePublic(_device);

        var token = new JsonWebToken(issued.Token);
        Assert.Multiple(() =>
        {
            Assert.That(token.Alg, Is.EqualTo("HS256"));
            Assert.That(token.Issuer, Is.EqualTo("ludmin-test"));
            Assert.That(token.Audiences, Is.EqualTo(new[] { "ludmin-clients/public" }), "a public token's audience is not the user tokens'");
            Assert.That(new DateTimeOffset(token.IssuedAt), Is.EqualTo(NowInSeconds));
            Assert.That(new DateTimeOffset(token.ValidFrom), Is.EqualTo(NowInSeconds));
            Assert.That(new DateTimeOffset(token.ValidTo), Is.EqualTo(NowInSeconds.AddMinutes(5)));
            Assert.That(token.Id, Is.Not.Empty);
            Assert.That(issued.ExpiresAt, Is.EqualTo(NowInSeconds.AddMinutes(5)), "the expiry the token really carries");
            Assert.That(TokenValidation.HasRequiredClaims(token), Is.True);
        });
    }

    [Test]
    public void IssuePublic_WhenLifetimeIsConfigured_ExpiresAfterIt()
    {
        _options.AccessTokenLifetime = TimeSpan.FromMinutes(42);

        var issued = Issuer().IssuePublic(_device);

        Assert.That(new DateTimeOffset(new JsonWebToken(issued.Token).ValidTo), Is.EqualTo(NowInSeconds.AddMinutes(42)));
        Assert.That(issued.ExpiresAt, Is.EqualTo(NowInSeconds.AddMinutes(42)));
    }

    [Test]
    public void IssuePublic_WhenCalledTwice_GivesEachTokenItsOwnId()
    {
        var first = new JsonWebToken(Issuer().IssuePublic(_device).Token);
        var second = new JsonWebToken(Issuer().IssuePublic(_device).Token);

        Assert.That(second.Id, Is.Not.EqualTo(first.Id));
    }

    [Test]
    public void IssuedToken_WhenPrinted_DoesNotShowTheToken()
    {
        var issued = Issuer().IssuePublic(_device);

        Assert.That(issued.ToString(), Does.Not.Contain(issued.Token));
    }

    [Test]
    public async Task Validate_WhenTokenIsFresh_PassesTheStrictRules()
    {
        var user = TestData.User();
        user.LinkDevice(_device, DeviceDescription.Empty, TestData.Now);

        var issued = Issuer().IssueForUser(user, _device, Assurance.PasswordOnly);

        Assert.That(await IsValid(issued.Token, refreshWindow: false), Is.True);
    }

    [Test]
    public async Task Validate_WhenTokenExpiredButWithinTheClockSkew_StillPasses()
    {
        var issued = Issuer().IssuePublic(_device);
        _clock.SetUtcNow(issued.ExpiresAt + _options.ClockSkew - TimeSpan.FromSeconds(1));

        Assert.That(await IsValid(issued.Token, refreshWindow: false), Is.True);
    }

    [Test]
    public async Task Validate_WhenTokenExpiredBeyondTheClockSkew_FailsStrictButPassesWithinTheRefreshWindow()
    {
        var issued = Issuer().IssuePublic(_device);
        _clock.SetUtcNow(issued.ExpiresAt + _options.ClockSkew + TimeSpan.FromSeconds(1));

        Assert.That(await IsValid(issued.Token, refreshWindow: false), Is.False);
        Assert.That(await IsValid(issued.Token, refreshWindow: true), Is.True);
    }

    [Test]
    public async Task Validate_WhenTokenExpiredJustInsideTheRefreshWindow_PassesTheRefreshRules()
    {
        var issued = Issuer().IssuePublic(_device);
        _clock.SetUtcNow(issued.ExpiresAt + _options.RefreshWindow);

        Assert.That(await IsValid(issued.Token, refreshWindow: true), Is.True);
    }

    [Test]
    public async Task Validate_WhenTokenExpiredBeyondTheRefreshWindow_FailsEvenTheRefreshRules()
    {
        var issued = Issuer().IssuePublic(_device);
        _clock.SetUtcNow(issued.ExpiresAt + _options.RefreshWindow + _options.ClockSkew + TimeSpan.FromSeconds(1));

        Assert.That(await IsValid(issued.Token, refreshWindow: true), Is.False);
    }

    [Test]
    public async Task Validate_WhenTokenIsNotYetValidBeyondTheClockSkew_Fails()
    {
        var issued = IssuerAhead(_options.ClockSkew + TimeSpan.FromSeconds(2)).IssuePublic(_device);

        Assert.That(await IsValid(issued.Token, refreshWindow: false), Is.False);
        Assert.That(await IsValid(issued.Token, refreshWindow: true), Is.False);
    }

    [Test]
    public async Task Validate_WhenTokenIsNotYetValidWithinTheClockSkew_Passes()
    {
        var issued = IssuerAhead(_options.ClockSkew - TimeSpan.FromSeconds(2)).IssuePublic(_device);

        Assert.That(await IsValid(issued.Token, refreshWindow: false), Is.True);
    }

    [Test]
    public async Task Validate_WhenSignedWithAnotherKey_Fails()
    {
        var foreign = new JwtTokenIssuer(Options.Create(_options), Key("another key that is also long enough!!"), _clock).IssuePublic(_device);

        Assert.That(await IsValid(foreign.Token, refreshWindow: true), Is.False);
    }

    [Test]
    public async Task Validate_WhenIssuerOrAudienceDiffers_Fails()
    {
        var otherIssuer = new TokenOptions { SigningKey = _options.SigningKey, Issuer = "someone-else", Audience = _options.Audience };
        var otherAudience = new TokenOptions { SigningKey = _options.SigningKey, Issuer = _options.Issuer, Audience = "someone-else" };

        Assert.That(await IsValid(new JwtTokenIssuer(Options.Create(otherIssuer), _key, _clock).IssuePublic(_device).Token, refreshWindow: true), Is.False);
        Assert.That(await IsValid(new JwtTokenIssuer(Options.Create(otherAudience), _key, _clock).IssuePublic(_device).Token, refreshWindow: true), Is.False);
    }

    [Test]
    public async Task Validate_WhenTokenIsUnsigned_Fails()
    {
        var unsigned = new JsonWebTokenHandler().CreateToken(Descriptor(signing: null));

        Assert.That(new JsonWebToken(unsigned).Alg, Is.EqualTo("none"));
        Assert.That(await IsValid(unsigned, refreshWindow: true), Is.False);
    }

    [Test]
    public async Task Validate_WhenSignedWithTheRightKeyButAnotherAlgorithm_Fails()
    {
        var longKey = Key(new string('k', 64));
        var hs256 = new JsonWebTokenHandler().CreateToken(Descriptor(new SigningCredentials(longKey.SigningCredentials.Key, SecurityAlgorithms.HmacSha256)));
        var hs512 = new JsonWebTokenHandler().CreateToken(Descriptor(new SigningCredentials(longKey.SigningCredentials.Key, SecurityAlgorithms.HmacSha512)));
        var parameters = TokenValidation.CreateParameters(_options, longKey, _clock, acceptExpiredWithinRefreshWindow: true);

        var control = await new JsonWebTokenHandler().ValidateTokenAsync(hs256, parameters);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(hs512, parameters);

        Assert.That(control.IsValid, Is.True, "the same token signed with HS256 is accepted");
        Assert.That(result.IsValid, Is.False);
    }

    [Test]
    public void HasRequiredClaims_WhenTokenLacksLudminsClaims_IsFalse()
    {
        var bare = new JsonWebTokenHandler().CreateToken(Descriptor(new SigningCredentials(_key.SigningCredentials.Key, SecurityAlgorithms.HmacSha256)));

        Assert.That(TokenValidation.HasRequiredClaims(new JsonWebToken(bare)), Is.False);
    }

    private JwtTokenIssuer Issuer() => new(Options.Create(_options), _key, _clock);

    /// <summary>An issuer whose clock runs ahead of the validating one.</summary>
    private JwtTokenIssuer IssuerAhead(TimeSpan ahead) => new(Options.Create(_options), _key, new FakeTimeProvider(TestData.Now + ahead));

    private async Task<bool> IsValid(string token, bool refreshWindow)
    {
        var parameters = TokenValidation.CreateParameters(_options, _key, _clock, refreshWindow);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
        return result.IsValid;
    }

    private SecurityTokenDescriptor Descriptor(SigningCredentials? signing) => new()
    {
        Issuer = _options.Issuer,
        Audience = _options.Audience,
        IssuedAt = TestData.Now.UtcDateTime,
        NotBefore = TestData.Now.UtcDateTime,
        Expires = TestData.Now.AddMinutes(5).UtcDateTime,
        SigningCredentials = signing,
    };

    private static TokenKeys Key(string text) =>
        TokenKeys.Resolve(new TokenOptions { SigningKey = text }, Mock.Of<IHostEnvironment>(e => e.EnvironmentName == Environments.Production), Path.GetTempPath());

    private static JsonDocument Payload(string token) =>
        JsonDocument.Parse(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.Split('.')[1])));

    /// <summary>The grants as issued: always a JSON array, even with one grant.</summary>
    private static string?[] Grants(JsonElement payload)
    {
        var allowed = payload.GetProperty("allowed");
        Assert.That(allowed.ValueKind, Is.EqualTo(JsonValueKind.Array));
        return [.. allowed.EnumerateArray().Select(e => e.GetString())];
    }
}
