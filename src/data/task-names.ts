import type { Domain } from './domain.js';

/**
 * Maps the task names found in published samples onto a domain's catalogue.
 *
 * TaskBench annotators (an LLM, then humans) sometimes wrote a paraphrase of a
 * tool name ("Text Summarization", "AudioNoiseReduction"). We map a name only
 * when the mapping is unambiguous: same name after normalising case,
 * punctuation, `_`/`-` and camelCase; the catalogue name plus a generic suffix
 * ("Text-to-Speech Generation"); or a hand-checked synonym below. Anything else
 * is left unmapped and the importer drops it, so labels never get guessed.
 */

/**
 * Hand-checked synonyms, keyed by normalised name, each value a catalogue id.
 * Collected from TaskBench's Hugging Face samples; they apply to any catalogue
 * holding the target tool (the domain may be imported under another name).
 */
const SYNONYMS: Readonly<Record<string, string>> = {
  'text summarization': 'Summarization',
  'summarize text': 'Summarization',
  'document summarization': 'Summarization',
  'content summarization': 'Summarization',
  'textual summary': 'Summarization',
  'audio enhancement': 'Audio-to-Audio',
  'audio enhancer': 'Audio-to-Audio',
  'audio quality enhancer': 'Audio-to-Audio',
  'audio noise reduction': 'Audio-to-Audio',
  'noise reduction': 'Audio-to-Audio',
  'speech enhancement': 'Audio-to-Audio',
  'audio separation': 'Audio-to-Audio',
  'audio source separation': 'Audio-to-Audio',
  'speech recognition': 'Automatic Speech Recognition',
  'speech to text': 'Automatic Speech Recognition',
  'speech to text trancription': 'Automatic Speech Recognition',
  'audio transcription': 'Automatic Speech Recognition',
  'audio to text': 'Automatic Speech Recognition',
  'text extraction from audio': 'Automatic Speech Recognition',
  'generate image from text': 'Text-to-Image',
  'image to image translation': 'Image-to-Image',
  'image to image transform': 'Image-to-Image',
  'image style transfer': 'Image-to-Image',
  // The catalogue's own description: "any image manipulation and enhancement is possible with image to image models".
  'image enhancement': 'Image-to-Image',
  'image transformation': 'Image-to-Image',
  'artistic style transfer': 'Image-to-Image',
  'image description': 'Image-to-Text',
  'image to text description': 'Image-to-Text',
  'convert image to text': 'Image-to-Text',
  'convert image to text ocr': 'Image-to-Text',
  'image to text extraction': 'Image-to-Text',
  'extract text from image': 'Image-to-Text',
  'image text extraction': 'Image-to-Text',
  ocr: 'Image-to-Text',
  'named entity recognition': 'Token Classification',
  'named entity identification': 'Token Classification',
  'entity recognition': 'Token Classification',
  'detect named entities': 'Token Classification',
  'entity extraction': 'Token Classification',
  'extract entity': 'Token Classification',
  'object recognition': 'Object Detection',
  'object detection in image': 'Object Detection',
  'image object detection': 'Object Detection',
  'image categorization': 'Image Classification',
  'image recognition': 'Image Classification',
  'text similarity': 'Sentence Similarity',
  'text similarity evaluation': 'Sentence Similarity',
  'semantic similarity measurement': 'Sentence Similarity',
  'semantic similarity detection': 'Sentence Similarity',
  'sentence similarity calculation': 'Sentence Similarity',
  'table classification': 'Tabular Classification',
  'translate text': 'Translation',
  'language translation': 'Translation',
  conversations: 'Conversational',
  'conversational generation': 'Conversational',
  'conversational response': 'Conversational',
  'conversational ai': 'Conversational',
  'conversation agent': 'Conversational',
  'dialogue generation': 'Conversational',
  'dialogue system': 'Conversational',
  'free form text generation': 'Text Generation',
  'image question answering': 'Visual Question Answering',
  'image based question answering': 'Visual Question Answering',
  'document based question answering': 'Document Question Answering',
  'documented question answering': 'Document Question Answering',
  'segment image': 'Image Segmentation',
  'edit image': 'Image Editing',
  'image modification': 'Image Editing',
  'audio emotion recognition': 'Audio Classification',
  'audio emotion classification': 'Audio Classification',
  'speech emotion recognition': 'Audio Classification',
};

/** Suffixes that add nothing to a catalogue name ("Text-to-Speech Generation" is Text-to-Speech). */
const NEUTRAL_SUFFIXES = ['generation', 'conversion', 'synthesis', 'transformation', 'translation'] as const;

/** Lower case, camelCase split, every run of non-alphanumerics to one space. */
export function normaliseTaskName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export type TaskNameResolution =
  | { readonly kind: 'exact'; readonly task: string }
  | { readonly kind: 'mapped'; readonly task: string; readonly from: string }
  | { readonly kind: 'unknown'; readonly from: string };

export type TaskNameMapper = (name: string) => TaskNameResolution;

/** Builds a mapper for one domain's catalogue (see module comment for the rules). */
export function createTaskNameMapper(domain: Pick<Domain, 'tools'>): TaskNameMapper {
  const byNormalised = new Map<string, string>();
  for (const tool of domain.tools) byNormalised.set(normaliseTaskName(tool.id), tool.id);
  const exact = new Set(domain.tools.map((t) => t.id));
  return (name) => {
    if (exact.has(name)) return { kind: 'exact', task: name };
    const key = normaliseTaskName(name);
    const direct = byNormalised.get(key) ?? synonymFor(key, exact);
    if (direct) return { kind: 'mapped', task: direct, from: name };
    for (const suffix of NEUTRAL_SUFFIXES) {
      if (!key.endsWith(` ${suffix}`)) continue;
      const stem = byNormalised.get(key.slice(0, -suffix.length - 1));
      if (stem) return { kind: 'mapped', task: stem, from: name };
    }
    return { kind: 'unknown', from: name };
  };
}

function synonymFor(key: string, exact: ReadonlySet<string>): string | undefined {
  const hit = SYNONYMS[key];
  // A synonym table written for one catalogue must not invent tools in another.
  return hit !== undefined && exact.has(hit) ? hit : undefined;
}
