[assembly: FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
