import type { FastifyReply } from 'fastify';
import type { CertificateCredentialView } from './certificate-documents.dto';

export const VC_JWT_MEDIA_TYPE = 'application/vc+jwt';

/** Sends a certificate's PDF: an attachment named by its serial, never cached by shared caches. */
export async function sendPdf(reply: FastifyReply, pdf: { body: Buffer; serial: string }): Promise<void> {
  await reply
    .status(200)
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="chung-nhan-${pdf.serial}.pdf"`)
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(pdf.body);
}

/** Sends the credential as `application/vc+jwt` when asked for, else as JSON. */
export async function sendCredential(reply: FastifyReply, accept: string | undefined, view: CertificateCredentialView): Promise<void> {
  void reply.header('cache-control', 'private, no-store').header('vary', 'Accept');
  if (accept?.toLowerCase().includes(VC_JWT_MEDIA_TYPE)) {
    await reply.status(200).header('content-type', VC_JWT_MEDIA_TYPE).send(view.credential);
    return;
  }
  await reply.status(200).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(view));
}
