import { vietnamDay } from '@hvs/platform';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { CredentialContents } from '../verification/credential-contents';
import { certificateFonts } from './certificate-fonts';

/** What the printed certificate shows: the credential's contents, the holder's birth year and the verification page. */
export interface CertificatePdfInput {
  contents: CredentialContents;
  birthYear: number | null;
  verificationUrl: string;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const INK = '#1f2933';
const ACCENT = '#b42318';

/**
 * The A4 certificate in Vietnamese: DejaVu Sans embedded (subset, with its Unicode map, so the text is
 * searchable and copyable), a QR code to the verification page. Deterministic for a certificate: the
 * document's dates are the issue date.
 */
export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Buffer> {
  const { contents } = input;
  const fonts = certificateFonts();
  const qr = await QRCode.toBuffer(input.verificationUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: `Giấy chứng nhận ${contents.serial}`,
      Author: 'Học Vụ Số',
      Subject: contents.courseTitle,
      CreationDate: contents.issuedAt,
      ModDate: contents.issuedAt,
    },
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = A4.width - 2 * MARGIN;
  doc.lineWidth(3).strokeColor(ACCENT).rect(24, 24, A4.width - 48, A4.height - 48).stroke();
  doc.lineWidth(1).rect(32, 32, A4.width - 64, A4.height - 64).stroke();

  doc.fillColor(INK).font('bold').fontSize(12).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', MARGIN, 64, { width, align: 'center' });
  doc.font('regular').fontSize(11).text('Độc lập — Tự do — Hạnh phúc', { width, align: 'center' });
  doc.moveDown(0.3).font('regular').fontSize(11).text(contents.issuerName.toUpperCase(), { width, align: 'center' });

  doc.moveDown(2).fillColor(ACCENT).font('bold').fontSize(30).text('GIẤY CHỨNG NHẬN', { width, align: 'center' });
  doc.fillColor(INK).font('regular').fontSize(13).text('Hoàn thành khóa học kỹ năng số', { width, align: 'center' });

  doc.moveDown(1.5).font('regular').fontSize(12).text('Chứng nhận ông/bà:', { width, align: 'center' });
  doc.moveDown(0.3).font('bold').fontSize(24).text(contents.holderFullName, { width, align: 'center' });
  if (input.birthYear !== null) doc.moveDown(0.2).font('regular').fontSize(12).text(`Năm sinh: ${input.birthYear}`, { width, align: 'center' });

  doc.moveDown(1).font('regular').fontSize(12).text('Đã hoàn thành khóa học', { width, align: 'center' });
  doc.moveDown(0.2).font('bold').fontSize(16).text(`${contents.courseTitle} (phiên bản ${contents.courseVersion})`, { width, align: 'center' });

  if (contents.competencies.length > 0) {
    doc.moveDown(1).font('bold').fontSize(12).text('Các năng lực đạt được:', MARGIN + 24, undefined, { width: width - 48 });
    doc.font('regular').fontSize(11);
    for (const c of contents.competencies) doc.text(`•  ${c.code} — ${c.name}`, { width: width - 48 });
  }

  const [y, m, d] = vietnamDay(contents.issuedAt).split('-');
  const bottom = A4.height - 64 - 150;
  doc.font('regular').fontSize(11).fillColor(INK);
  doc.text(`Ngày ${d} tháng ${m} năm ${y}`, MARGIN + 24, bottom, { width: 300 });
  doc.font('bold').text(contents.issuerName, { width: 300 });
  doc.moveDown(0.8).font('regular').text(`Số hiệu: ${contents.serial}`, { width: 300 });
  doc.fontSize(9).fillColor('#52606d').text('Tra cứu chứng nhận tại:', { width: 300 });
  doc.text(input.verificationUrl, { width: 300 });

  const qrSize = 120;
  doc.image(qr, A4.width - MARGIN - 24 - qrSize, bottom - 8, { width: qrSize, height: qrSize });
  doc.fontSize(9).text('Quét mã để tra cứu', A4.width - MARGIN - 24 - qrSize, bottom + qrSize - 4, { width: qrSize, align: 'center' });

  doc.end();
  return done;
}
