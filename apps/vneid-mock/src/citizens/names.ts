import type { Sex } from '@hvs/identity';

/** Family names, roughly by frequency (the first few cover most of the population). */
export const FAMILY_NAMES = [
  'Nguyễn', 'Nguyễn', 'Nguyễn', 'Trần', 'Trần', 'Lê', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ',
  'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đào', 'Đinh', 'Mai', 'Trịnh', 'Lương', 'Triệu', 'Lò', 'Hà',
] as const;

export const MIDDLE_NAMES: Record<Sex, readonly string[]> = {
  male: ['Văn', 'Văn', 'Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Công', 'Thành', 'Xuân', 'Ngọc', 'Đình'],
  female: ['Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Hồng', 'Kim', 'Mỹ', 'Phương', 'Bích', 'Minh'],
};

export const GIVEN_NAMES: Record<Sex, readonly string[]> = {
  male: [
    'Anh', 'Bảy', 'Bình', 'Cường', 'Dũng', 'Đạt', 'Hải', 'Hiếu', 'Hoà', 'Hùng', 'Huy', 'Khánh', 'Khoa', 'Long',
    'Mạnh', 'Nam', 'Nghĩa', 'Phong', 'Phúc', 'Quân', 'Quý', 'Sơn', 'Tài', 'Thắng', 'Thịnh', 'Toàn', 'Trung',
    'Tuấn', 'Tùng', 'Việt', 'Vinh', 'Vĩnh',
  ],
  female: [
    'An', 'Anh', 'Bích', 'Chi', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hoa', 'Hồng', 'Hương', 'Huyền', 'Lan',
    'Liên', 'Linh', 'Loan', 'Mai', 'Nga', 'Ngân', 'Nhung', 'Oanh', 'Phượng', 'Quyên', 'Tâm', 'Thảo', 'Thu',
    'Thuỷ', 'Trang', 'Tuyết', 'Vân', 'Yến',
  ],
};

/** Each Vietnamese vowel with its five tone marks: the typos of a hurried clerk swap them. */
export const TONE_GROUPS = [
  'aáàảãạ', 'ăắằẳẵặ', 'âấầẩẫậ', 'eéèẻẽẹ', 'êếềểễệ', 'iíìỉĩị', 'oóòỏõọ', 'ôốồổỗộ', 'ơớờởỡợ', 'uúùủũụ',
  'ưứừửữự', 'yýỳỷỹỵ',
] as const;
