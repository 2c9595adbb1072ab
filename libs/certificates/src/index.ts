export * from './certificates.module';
export * from './certificates/serial';
export * from './certificates/certificate.repository';
export * from './certificates/certificate-relay';
export * from './certificates/completion-consumer';
