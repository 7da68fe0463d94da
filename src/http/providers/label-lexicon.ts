/**
 * Words and phrases that name a lead field in the languages Baton's forms arrive in: Indonesian
 * (the default country), English, and the major European languages (German, French, Spanish,
 * Italian, Portuguese, Dutch, Polish, the Nordic ones). Compared after classify.ts has folded
 * case, stripped accents ("Prénom" -> prenom, "Imię" -> imie) and split on punctuation, so every
 * entry here is plain lower-case ASCII. Whole phrases are matched on word boundaries.
 */
export const LEXICON = {
  /** A full name in one field (beats the first/last words it contains: "imię i nazwisko"). */
  fullNamePhrases: ['imie i nazwisko', 'nom complet', 'nombre completo', 'nombre y apellido', 'nombre y apellidos', 'nome completo', 'volledige naam', 'vollstandiger name', 'nama lengkap', 'fullt namn', 'fullt navn'],
  firstNameWords: ['vorname', 'prenom', 'voornaam', 'fornavn', 'fornamn', 'etunimi', 'imie', 'roepnaam'],
  firstNamePhrases: ['primer nombre', 'primeiro nome', 'nome proprio', 'nama depan', 'nama awal'],
  lastNameWords: ['nachname', 'familienname', 'apellido', 'apellidos', 'cognome', 'sobrenome', 'achternaam', 'efternamn', 'etternavn', 'sukunimi', 'nazwisko', 'apelido'],
  lastNamePhrases: ['nom de famille', 'nama belakang', 'nama keluarga'],
  /** A bare "name" word: the whole name alone, but the other half when the form also asks a first or last name. */
  bareNameWords: ['name', 'nama', 'nom', 'nome', 'nombre', 'naam', 'navn', 'namn', 'nimi', 'imie'],
  nameWords: ['nom', 'nome', 'nombre', 'naam', 'navn', 'namn', 'nimi'],
  phoneWords: [
    'telefono', 'telefone', 'telefon', 'telefoon', 'telefonnummer', 'telefoonnummer', 'rufnummer', 'handy', 'handynummer', 'mobil', 'mobiel',
    'mobilnummer', 'mobielnummer', 'movil', 'celular', 'cellulare', 'portable', 'gsm', 'komorka', 'komorkowy', 'puhelin', 'nohp', 'notelp', 'hape', 'wa',
  ],
  phonePhrases: ['no telp', 'nomor telepon', 'nomor wa', 'numero de telephone', 'numero di telefono', 'numero de telefono', 'numer telefonu'],
  emailWords: ['correo', 'courriel', 'epost', 'sahkoposti', 'emailadresse', 'mailadresse', 'emailadres', 'mailadres', 'surel'],
  emailPhrases: ['posta elettronica', 'correo electronico', 'adresse electronique', 'alamat email', 'endereco de email'],
  companyWords: [
    'empresa', 'entreprise', 'societe', 'firma', 'firmenname', 'azienda', 'bedrijf', 'bedrijfsnaam', 'unternehmen', 'organisasi', 'usaha',
    'compania', 'companhia', 'organizacion', 'organizzazione', 'foretag', 'yritys', 'firmy', 'toko',
  ],
  notCompanyWords: ['grosse', 'taille', 'tamano', 'dimensione', 'tamanho', 'ukuran', 'groote', 'branche', 'sektor', 'sector', 'jenis', 'bidang'],
  notPersonNameWords: ['empresa', 'entreprise', 'firma', 'azienda', 'bedrijf', 'unternehmen', 'societe', 'usaha', 'produk', 'produkt', 'produit', 'producto', 'prodotto', 'toko', 'formulaire', 'formular'],
  messageWords: [
    'mensaje', 'mensagem', 'messaggio', 'nachricht', 'bericht', 'commentaire', 'commentaires', 'comentario', 'comentarios', 'commento', 'kommentar',
    'anmerkung', 'anmerkungen', 'anliegen', 'pertanyaan', 'wiadomosc', 'meddelande', 'viesti', 'opmerking', 'opmerkingen', 'consulta', 'demande', 'richiesta',
  ],
  sourceWords: ['fuente', 'origen', 'origine', 'quelle', 'herkunft', 'sumber', 'bron'],
} as const;

export type Lexicon = typeof LEXICON;
