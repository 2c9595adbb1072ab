// The public API of the VNeID-style partner mock: its module, so that tests can run it in-process
// behind a real HTTP port (libs/testing/src/vneid-mock-server.ts). Named exports only.
export { VneidMockModule } from './vneid-mock.module';
