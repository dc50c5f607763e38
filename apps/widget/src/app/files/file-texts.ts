/**
 * The texts of files and images (issue 14), in every language the widget speaks. They travel
 * with the files' chunks instead of the language files, which the start-up budget pays for.
 */
import { createTranslate } from '@parley/client';
import type { TranslationParams } from '../i18n/translate.js';

const en = {
  attach: 'Attach a file',
  camera: 'Take a photo',
  uploading: 'Sending {name}',
  cancel: 'Cancel',
  tooLarge: '{name} is too large: files can be up to {size}.',
  refused: 'This kind of file cannot be sent here.',
  failed: '{name} could not be sent. Try again.',
  dismiss: 'Dismiss',
  drop: 'Drop a file to send it',
  open: 'Open image {name}',
  close: 'Close',
  download: 'Download:',
  gone: 'This file is no longer available.',
} as const;

export type FilesKey = keyof typeof en;
type FilesTexts = Record<FilesKey, string>;

/** Formal, as the widget's German is. */
const de: FilesTexts = {
  attach: 'Datei anhängen',
  camera: 'Foto aufnehmen',
  uploading: '{name} wird gesendet',
  cancel: 'Abbrechen',
  tooLarge: '{name} ist zu groß: Dateien dürfen höchstens {size} groß sein.',
  refused: 'Diese Art von Datei kann hier nicht gesendet werden.',
  failed: '{name} konnte nicht gesendet werden. Bitte versuchen Sie es erneut.',
  dismiss: 'Schließen',
  drop: 'Datei hier ablegen, um sie zu senden',
  open: 'Bild {name} öffnen',
  close: 'Schließen',
  download: 'Herunterladen:',
  gone: 'Diese Datei ist nicht mehr verfügbar.',
};

/** Formal ("usted"), as the widget's Spanish is. */
const es: FilesTexts = {
  attach: 'Adjuntar un archivo',
  camera: 'Hacer una foto',
  uploading: 'Enviando {name}',
  cancel: 'Cancelar',
  tooLarge: '{name} es demasiado grande: los archivos pueden ocupar hasta {size}.',
  refused: 'Este tipo de archivo no se puede enviar aquí.',
  failed: 'No se pudo enviar {name}. Inténtelo de nuevo.',
  dismiss: 'Cerrar',
  drop: 'Suelte un archivo para enviarlo',
  open: 'Abrir la imagen {name}',
  close: 'Cerrar',
  download: 'Descargar:',
  gone: 'Este archivo ya no está disponible.',
};

/** Modern Standard Arabic, shown right to left. */
const ar: FilesTexts = {
  attach: 'إرفاق ملف',
  camera: 'التقاط صورة',
  uploading: 'جارٍ إرسال {name}',
  cancel: 'إلغاء',
  tooLarge: '{name} كبير جدًا: الحد الأقصى لحجم الملف {size}.',
  refused: 'لا يمكن إرسال هذا النوع من الملفات هنا.',
  failed: 'تعذّر إرسال {name}. حاول مرة أخرى.',
  dismiss: 'إغلاق',
  drop: 'أفلت ملفًا لإرساله',
  open: 'فتح الصورة {name}',
  close: 'إغلاق',
  download: 'تنزيل:',
  gone: 'هذا الملف لم يعد متاحًا.',
};

const TEXTS: Record<string, FilesTexts> = { en, de, es, ar };

export type FilesTranslate = (key: FilesKey, params?: TranslationParams) => string;

/**
 * The files' texts of a language (`<html lang>`, one of the widget's), English for any other.
 * @example filesTranslate('de')('attach') // 'Datei anhängen'
 */
export function filesTranslate(locale: string): FilesTranslate {
  return createTranslate<FilesKey>(TEXTS[locale] ?? en);
}

/** A size as people read it, in the visitor's language: `820 kB`, `4.5 MB`. */
export function formatSize(bytes: number, locale: string): string {
  const [value, unit] =
    bytes < 1024 * 1024 ? [bytes / 1024, 'kilobyte'] : [bytes / (1024 * 1024), 'megabyte'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}
