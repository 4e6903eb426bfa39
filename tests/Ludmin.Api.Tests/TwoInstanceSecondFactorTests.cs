using System.Net;
using Ludmin.Api.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Ludmin.Api.Tests;

/// <summary>
/// The same TOTP code sent to two API instances over one store at once: the step is moved with a
/// compare-and-set in the store, so exactly one login passes, whichever instance serves it.
/// </summary>
[TestFixture(TestStore.Sqlite)]
[TestFixture(TestStore.Postgres)]
public sealed class TwoInstanceSecondFactorTests(TestStore store) : ApiTestBase
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    private LudminFactory _second = null!;
    private LudminApi _other = null!;

    protected override TestStore Store => store;

    protected override LudminFactoryOptions FactoryOptions => new() { Clock = _clock };

    [OneTimeSetUp]
    public void StartSecondInstance()
    {
        _second = new LudminFactory(LudminFactoryOptions.SecondInstanceOf(Factory, _clock));
        _other = new LudminApi(_second);
    }

    [OneTimeTearDown]
    public async Task StopSecondInstanceAsync() => await _second.DisposeAsync();

    [Test]
    public async Task TheSameCode_OnTwoInstancesAtOnce_IsAcceptedOnce()
    {
        var session = await Api.NewSessionAsync("two.instances.totp");
        var enrolled = await Api.EnrolTotpAsync(session, _clock.GetUtcNow());

        for (var round = 0; round < 4; round++)
        {
            _clock.Advance(TimeSpan.FromSeconds(30));
            var code = SecondFactorSteps.Code(enrolled.Secret, _clock.GetUtcNow());
            var steps = await Task.WhenAll(Api.StartLoginAsync(session.User), _other.StartLoginAsync(session.User));

            var answers = await Task.WhenAll(
                Api.PassSecondFactorAsync((string)steps[0]["token"]!, new { code }),
                _other.PassSecondFactorAsync((string)steps[1]["token"]!, new { code }));
            var statuses = answers.Select(a => a.StatusCode).Order().ToList();
            foreach (var answer in answers)
            {
                answer.Dispose();
            }

            Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.Created, HttpStatusCode.Unauthorized }), $"round {round}");
        }
    }

    [Test]
    public async Task TheSameRecoveryCode_OnTwoInstancesAtOnce_IsAcceptedOnce()
    {
        var session = await Api.NewSessionAsync("two.instances.rc");
        var enrolled = await Api.EnrolTotpAsync(session, _clock.GetUtcNow());

        foreach (var recoveryCode in enrolled.RecoveryCodes.Take(3))
        {
            var steps = await Task.WhenAll(Api.StartLoginAsync(session.User), _other.StartLoginAsync(session.User));
            var answers = await Task.WhenAll(
                Api.PassSecondFactorAsync((string)steps[0]["token"]!, new { recovery_code = recoveryCode }),
                _other.PassSecondFactorAsync((string)steps[1]["token"]!, new { recovery_code = recoveryCode }));
            var statuses = answers.Select(a => a.StatusCode).Order().ToList();
            foreach (var answer in answers)
            {
                answer.Dispose();
            }

            Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.Created, HttpStatusCode.Unauthorized }));
        }
    }
}
