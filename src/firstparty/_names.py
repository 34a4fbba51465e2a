"""Reference lists for the synthetic population: names, nicknames, places, domains, products.

Plain data, no logic. Countries are indexed in `COUNTRIES` order everywhere in the generator.
Names are common ones in each country, listed roughly by popularity (the generator weights earlier
entries more). Postcode prefixes are real prefixes of the city so postcodes look plausible, and
several carry leading zeros (US 02xxx/04xxx, DE 01xxx/04xxx, FR 01xxx/06xxx) on purpose.
"""

from __future__ import annotations

# fmt: off

COUNTRIES: tuple[str, ...] = ("GB", "US", "DE", "FR", "NL", "IE")
COUNTRY_WEIGHTS: tuple[float, ...] = (0.34, 0.20, 0.16, 0.12, 0.10, 0.08)
CURRENCY_BY_COUNTRY: tuple[str, ...] = ("GBP", "USD", "EUR", "EUR", "EUR", "EUR")
CALLING_CODES: tuple[str, ...] = ("44", "1", "49", "33", "31", "353")

# How each country may be written in a `country` column; the first entry is the ISO-2 code.
COUNTRY_SPELLINGS: tuple[tuple[str, ...], ...] = (
    ("GB", "gb", "GBR", "UK", "uk", "United Kingdom", "united kingdom", "Great Britain"),
    ("US", "us", "USA", "United States", "united states", "U.S.", "United States of America"),
    ("DE", "de", "DEU", "Germany", "germany", "Deutschland", "GERMANY"),
    ("FR", "fr", "FRA", "France", "france", "FRANCE"),
    ("NL", "nl", "NLD", "Netherlands", "The Netherlands", "Nederland", "netherlands", "Holland"),
    ("IE", "ie", "IRL", "Ireland", "ireland", "Éire", "Republic of Ireland"),
)

FIRST_NAMES_MALE: tuple[tuple[str, ...], ...] = (
    # GB
    (
        "James", "Oliver", "William", "Thomas", "George", "Harry", "Jack", "Daniel", "Robert", "Michael",
        "David", "Christopher", "Matthew", "Andrew", "Richard", "Joseph", "Samuel", "Benjamin", "Edward",
        "Alexander", "Jonathan", "Charles", "Peter", "Stephen", "Mark", "Paul", "Henry", "Luke", "Adam",
        "Nicholas", "Anthony", "Timothy", "Simon", "Oscar", "Arthur", "Noah", "Leo", "Muhammad", "Theo",
        "Alfie",
    ),
    # US
    (
        "James", "Michael", "Robert", "John", "David", "William", "Richard", "Joseph", "Thomas",
        "Christopher", "Charles", "Daniel", "Matthew", "Anthony", "Mark", "Donald", "Steven", "Andrew",
        "Joshua", "Kenneth", "Kevin", "Brian", "Timothy", "Ronald", "Jason", "Edward", "Jeffrey", "Ryan",
        "Jacob", "Nicholas", "Gary", "Eric", "Jonathan", "Stephen", "Benjamin", "Samuel", "Gregory",
        "Alexander", "Patrick", "Tyler", "José", "Luis",
    ),
    # DE
    (
        "Thomas", "Michael", "Andreas", "Stefan", "Christian", "Alexander", "Daniel", "Markus", "Sebastian",
        "Jan", "Tobias", "Florian", "Matthias", "Johannes", "Maximilian", "Lukas", "Jonas", "Felix", "Paul",
        "Leon", "Wolfgang", "Jürgen", "Klaus", "Frank", "Uwe", "Dieter", "Friedrich", "Günter", "Jörg",
        "Niklas", "Moritz", "Benedikt", "Elias", "Finn",
    ),
    # FR
    (
        "Jean", "Pierre", "Michel", "Philippe", "Nicolas", "Alain", "Christophe", "Frédéric", "Laurent",
        "Stéphane", "Julien", "Sébastien", "David", "Thomas", "Antoine", "Alexandre", "Maxime", "Lucas",
        "Hugo", "Louis", "Gabriel", "Arthur", "Raphaël", "Jérôme", "François", "Olivier", "Benoît",
        "Guillaume", "Mathieu", "Théo", "Dominique",
    ),
    # NL
    (
        "Jan", "Pieter", "Johannes", "Cornelis", "Hendrik", "Willem", "Dirk", "Gerrit", "Jeroen", "Bas",
        "Thijs", "Daan", "Sem", "Lucas", "Milan", "Levi", "Bram", "Ruben", "Stijn", "Joost", "Maarten",
        "Sander", "Niels", "Koen", "Tim", "Lars", "Jesse", "Luuk", "Wouter", "Michiel",
    ),
    # IE
    (
        "Jack", "James", "Noah", "Conor", "Seán", "Patrick", "Michael", "Daniel", "Cian", "Darragh",
        "Oisín", "Liam", "Fionn", "Eoin", "Ciarán", "Niall", "Declan", "Brendan", "Thomas", "John", "Kevin",
        "Padraig", "Shane", "Colm", "Aidan", "Ronan", "Dylan", "Rory", "William", "Joseph",
    ),
)

FIRST_NAMES_FEMALE: tuple[tuple[str, ...], ...] = (
    # GB
    (
        "Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophie", "Jessica", "Charlotte", "Elizabeth", "Sarah",
        "Emma", "Katherine", "Rebecca", "Victoria", "Hannah", "Lucy", "Laura", "Rachel", "Margaret",
        "Susan", "Helen", "Claire", "Jennifer", "Catherine", "Alexandra", "Samantha", "Eleanor", "Grace",
        "Chloe", "Zoë", "Freya", "Poppy", "Harriet", "Abigail", "Deborah", "Patricia", "Nicola", "Joanne",
    ),
    # US
    (
        "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah",
        "Karen", "Lisa", "Nancy", "Betty", "Margaret", "Sandra", "Ashley", "Kimberly", "Emily", "Donna",
        "Michelle", "Dorothy", "Carol", "Amanda", "Melissa", "Deborah", "Stephanie", "Rebecca", "Sharon",
        "Laura", "Cynthia", "Katherine", "Amy", "Victoria", "Samantha", "Christina", "Olivia", "Sofía",
    ),
    # DE
    (
        "Sabine", "Susanne", "Petra", "Andrea", "Claudia", "Stefanie", "Julia", "Anna", "Katharina",
        "Laura", "Lisa", "Sarah", "Lena", "Lea", "Hannah", "Sophie", "Marie", "Elisabeth", "Ursula",
        "Monika", "Birgit", "Nicole", "Christina", "Franziska", "Johanna", "Charlotte", "Emma", "Mia",
        "Ingrid", "Anke", "Heike", "Margarete", "Gisela", "Jana",
    ),
    # FR
    (
        "Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Françoise", "Valérie", "Christine",
        "Sandrine", "Sophie", "Céline", "Julie", "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès",
        "Louise", "Jade", "Alice", "Élodie", "Aurélie", "Émilie", "Stéphanie", "Véronique", "Hélène",
        "Margaux", "Pauline", "Dominique", "Elisabeth",
    ),
    # NL
    (
        "Maria", "Johanna", "Anna", "Cornelia", "Wilhelmina", "Elisabeth", "Sanne", "Lisa", "Anouk", "Eva",
        "Emma", "Julia", "Sophie", "Tess", "Fleur", "Lotte", "Iris", "Femke", "Sara", "Noor", "Marieke",
        "Inge", "Esther", "Linda", "Monique", "Petra", "Saskia", "Ilse", "Yvonne", "Margriet",
    ),
    # IE
    (
        "Mary", "Emily", "Grace", "Fiadh", "Sophie", "Aoife", "Siobhán", "Niamh", "Ciara", "Saoirse",
        "Caoimhe", "Róisín", "Sinéad", "Orla", "Aisling", "Catherine", "Margaret", "Bridget", "Elizabeth",
        "Katherine", "Sarah", "Emma", "Ellie", "Lucy", "Ava", "Chloe", "Clodagh", "Deirdre", "Eimear",
        "Patricia",
    ),
)

LAST_NAMES: tuple[tuple[str, ...], ...] = (
    # GB
    (
        "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
        "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green",
        "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper",
        "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen",
        "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young", "Griffiths",
        "O'Brien", "Khan", "Ali", "Shaw", "Holmes", "Lloyd", "Ellis", "Richardson", "Cox", "Mitchell",
    ),
    # US
    (
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
        "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore",
        "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez",
        "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen",
        "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell",
        "Carter", "Roberts", "Kim", "O'Connor", "McDonald", "Cohen", "Murphy", "Sullivan",
    ),
    # DE
    (
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
        "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
        "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner",
        "Schmitz", "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann",
        "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller",
        "Weiß", "Jung", "Hahn", "Vogel", "Yılmaz", "von Berg",
    ),
    # FR
    (
        "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
        "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier",
        "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefèvre",
        "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François",
        "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry",
        "Roussel", "Mathieu", "Gautier", "Masson", "Le Gall", "de la Croix",
    ),
    # NL
    (
        "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
        "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen",
        "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden",
        "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek",
        "de Bruijn", "de Bruin", "van der Heijden", "Schouten", "van Beek", "Willems", "van Vliet",
    ),
    # IE
    (
        "Murphy", "Kelly", "O'Sullivan", "Walsh", "Smith", "O'Brien", "Byrne", "Ryan", "O'Connor",
        "O'Neill", "O'Reilly", "Doyle", "McCarthy", "Gallagher", "O'Doherty", "Kennedy", "Lynch", "Murray",
        "Quinn", "Moore", "McLoughlin", "O'Carroll", "Connolly", "Daly", "O'Connell", "Wilson", "Dunne",
        "Brennan", "Burke", "Collins", "Campbell", "Clarke", "Johnston", "Hughes", "O'Farrell",
        "Fitzgerald", "Brown", "Martin", "Maguire", "Nolan", "Flynn", "Ní Bhriain", "Mac Giolla",
    ),
)

# Formal given name -> nicknames people put on forms instead.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "William": ("Bill", "Will", "Billy", "Liam"),
    "Robert": ("Bob", "Rob", "Bobby", "Robbie"),
    "Elizabeth": ("Liz", "Beth", "Lizzie", "Betty", "Eliza"),
    "Elisabeth": ("Lisa", "Liesel", "Els", "Sissi"),
    "Katherine": ("Kate", "Kathy", "Katie", "Kat"),
    "Catherine": ("Cathy", "Kate", "Cat", "Cate"),
    "Katharina": ("Kathi", "Katja", "Kati"),
    "Margaret": ("Maggie", "Meg", "Peggy", "Madge"),
    "Margarete": ("Grete", "Gretel"),
    "James": ("Jim", "Jimmy", "Jamie"),
    "Michael": ("Mike", "Mick", "Mikey"),
    "Richard": ("Rick", "Rich", "Dick", "Richie"),
    "Thomas": ("Tom", "Tommy"),
    "Christopher": ("Chris", "Kit"),
    "Christian": ("Chris",),
    "Jennifer": ("Jen", "Jenny"),
    "Daniel": ("Dan", "Danny"),
    "Matthew": ("Matt",),
    "Matthias": ("Matze", "Hias"),
    "Anthony": ("Tony", "Ant"),
    "Joseph": ("Joe", "Joey"),
    "Edward": ("Ed", "Ted", "Eddie", "Ned"),
    "Alexander": ("Alex", "Sasha", "Xander"),
    "Alexandra": ("Alex", "Sasha", "Lexi"),
    "Samuel": ("Sam", "Sammy"),
    "Samantha": ("Sam", "Sammy"),
    "Benjamin": ("Ben", "Benny"),
    "Jonathan": ("Jon", "Johnny"),
    "John": ("Johnny", "Jack"),
    "Patrick": ("Pat", "Paddy"),
    "Patricia": ("Pat", "Trish", "Patty"),
    "Rebecca": ("Becky", "Becca"),
    "Victoria": ("Vicky", "Tori"),
    "Susan": ("Sue", "Susie"),
    "Deborah": ("Debbie", "Deb"),
    "Nicholas": ("Nick", "Nicky"),
    "Nicolas": ("Nico",),
    "Andrew": ("Andy", "Drew"),
    "Andreas": ("Andi",),
    "Stephen": ("Steve",),
    "Steven": ("Steve",),
    "Timothy": ("Tim",),
    "Charles": ("Charlie", "Chuck"),
    "Henry": ("Harry", "Hal"),
    "Kenneth": ("Ken", "Kenny"),
    "Ronald": ("Ron", "Ronnie"),
    "Gregory": ("Greg",),
    "Jeffrey": ("Jeff",),
    "Joshua": ("Josh",),
    "Donald": ("Don", "Donnie"),
    "Kimberly": ("Kim",),
    "Christina": ("Tina", "Chris"),
    "Stefanie": ("Steffi",),
    "Stephanie": ("Steph",),
    "Franziska": ("Franzi",),
    "Johannes": ("Hannes", "Jan", "Hans"),
    "Maximilian": ("Max",),
    "Friedrich": ("Fritz",),
    "Wolfgang": ("Wolf",),
    "Sebastian": ("Basti",),
    "Tobias": ("Tobi",),
    "Florian": ("Flo",),
    "Cornelis": ("Kees",),
    "Cornelia": ("Corrie", "Nel"),
    "Hendrik": ("Henk",),
    "Wilhelmina": ("Mien", "Willy"),
    "Johanna": ("Hanna", "Jo"),
    "Pieter": ("Piet",),
    "Willem": ("Wim",),
    "Gerrit": ("Gert",),
    "Frédéric": ("Fred",),
    "Guillaume": ("Guigui",),
    "Dominique": ("Dom",),
    "Mathieu": ("Matt",),
    "Padraig": ("Paudie",),
    "Siobhán": ("Shiv",),
    "Abigail": ("Abby",),
    "Eleanor": ("Ellie", "Nell"),
    "Harriet": ("Hattie",),
    "Barbara": ("Barb",),
    "Dorothy": ("Dot", "Dottie"),
    "Nicola": ("Nicky",),
    "Amanda": ("Mandy",),
    "Cynthia": ("Cindy",),
    "Melissa": ("Mel",),
    "Michelle": ("Shelly",),
    "Sandra": ("Sandy",),
}

# Per country: (city, postcode prefixes). Postcodes are completed by the generator.
CITIES: tuple[tuple[tuple[str, tuple[str, ...]], ...], ...] = (
    (
        ("London", ("SW1A", "E1", "N1", "SE1", "W2", "NW3", "EC1V", "SW11", "E14")),
        ("Manchester", ("M1", "M4", "M20", "M14")),
        ("Birmingham", ("B1", "B15", "B29")),
        ("Leeds", ("LS1", "LS6")),
        ("Glasgow", ("G1", "G12")),
        ("Bristol", ("BS1", "BS8")),
        ("Edinburgh", ("EH1", "EH3", "EH10")),
        ("Liverpool", ("L1", "L8", "L17")),
        ("Cardiff", ("CF10", "CF24")),
        ("Brighton", ("BN1", "BN2")),
        ("Cambridge", ("CB1", "CB4")),
        ("Newcastle upon Tyne", ("NE1", "NE6")),
    ),
    (
        ("New York", ("100", "101", "112")),
        ("Boston", ("021", "022")),
        ("Chicago", ("606",)),
        ("Los Angeles", ("900",)),
        ("Houston", ("770",)),
        ("Seattle", ("981",)),
        ("Miami", ("331",)),
        ("Denver", ("802",)),
        ("Atlanta", ("303",)),
        ("Portland", ("041",)),
        ("Newark", ("071",)),
        ("Hartford", ("061",)),
    ),
    (
        ("Berlin", ("10", "12", "13")),
        ("Hamburg", ("20", "22")),
        ("München", ("80", "81")),
        ("Köln", ("50", "51")),
        ("Frankfurt am Main", ("60",)),
        ("Stuttgart", ("70",)),
        ("Dresden", ("01",)),
        ("Leipzig", ("04",)),
        ("Düsseldorf", ("40",)),
        ("Nürnberg", ("90",)),
    ),
    (
        ("Paris", ("750",)),
        ("Lyon", ("690",)),
        ("Marseille", ("130",)),
        ("Toulouse", ("310",)),
        ("Nice", ("060",)),
        ("Bordeaux", ("330",)),
        ("Lille", ("590",)),
        ("Nantes", ("440",)),
        ("Strasbourg", ("670",)),
        ("Bourg-en-Bresse", ("010",)),
    ),
    (
        ("Amsterdam", ("10",)),
        ("Rotterdam", ("30",)),
        ("Den Haag", ("25",)),
        ("Utrecht", ("35",)),
        ("Eindhoven", ("56",)),
        ("Groningen", ("97",)),
        ("Haarlem", ("20",)),
        ("Nijmegen", ("65",)),
    ),
    (
        ("Dublin", ("D01", "D02", "D04", "D06", "D6W", "D08", "D15", "D24")),
        ("Cork", ("T12", "T23")),
        ("Galway", ("H91",)),
        ("Limerick", ("V94",)),
        ("Waterford", ("X91",)),
        ("Kilkenny", ("R95",)),
    ),
)

STREETS: tuple[tuple[str, ...], ...] = (
    (
        "High Street", "Station Road", "Church Lane", "Victoria Road", "Green Lane", "Manor Road",
        "Park Avenue", "Kings Road", "Queen Street", "Mill Lane", "The Crescent", "Albert Road",
    ),
    (
        "Main St", "Oak Avenue", "Maple Street", "Washington Blvd", "Park Ave", "Elm Street", "Cedar Lane",
        "Lake Drive", "Pine Street", "2nd Street", "Sunset Blvd", "Hillcrest Rd",
    ),
    (
        "Hauptstraße", "Bahnhofstraße", "Gartenstraße", "Schulstraße", "Dorfstraße", "Lindenstraße",
        "Bergstraße", "Kirchstraße", "Waldstraße", "Goethestraße", "Am Markt", "Schillerstr.",
    ),
    (
        "rue de la Paix", "avenue Victor Hugo", "rue de la République", "boulevard Saint-Michel",
        "rue Jean Jaurès", "place de la Mairie", "rue du Moulin", "allée des Tilleuls", "rue Pasteur",
        "chemin des Vignes", "rue Nationale", "avenue Foch",
    ),
    (
        "Kerkstraat", "Dorpsstraat", "Molenweg", "Schoolstraat", "Stationsweg", "Julianastraat",
        "Beatrixlaan", "Prinsengracht", "Herengracht", "Wilhelminastraat", "Lindelaan", "Markt",
    ),
    (
        "Main Street", "Church Road", "O'Connell Street", "Bridge Street", "Castle Road", "Grafton Street",
        "Abbey Road", "Strand Road", "Mill Road", "Chapel Lane", "Green Park", "Seafield Avenue",
    ),
)

# House number before the street (GB/US/FR/IE) or after it (DE/NL).
NUMBER_FIRST: tuple[bool, ...] = (True, True, False, True, False, True)

PERSONAL_DOMAINS: tuple[tuple[str, ...], ...] = (
    ("gmail.com", "hotmail.co.uk", "yahoo.co.uk", "outlook.com", "btinternet.com", "icloud.com", "sky.com"),
    ("gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "aol.com", "icloud.com", "comcast.net"),
    ("gmail.com", "web.de", "gmx.de", "t-online.de", "gmx.net", "outlook.de", "posteo.de"),
    ("gmail.com", "orange.fr", "free.fr", "hotmail.fr", "laposte.net", "sfr.fr", "wanadoo.fr"),
    ("gmail.com", "ziggo.nl", "kpnmail.nl", "hotmail.nl", "outlook.com", "live.nl", "xs4all.nl"),
    ("gmail.com", "eircom.net", "hotmail.com", "yahoo.ie", "outlook.ie", "icloud.com", "gmail.ie"),
)

WORK_DOMAINS: tuple[tuple[str, ...], ...] = (
    ("acme-logistics.co.uk", "northwind.co.uk", "brightlane.com", "nhs.net", "kingsbridge-law.co.uk"),
    ("initech.com", "globex.com", "umbrella-health.org", "contoso.com", "stark-industries.us"),
    ("muster-gmbh.de", "beispiel-ag.de", "nordlicht.de", "bahnwerk.de", "techhaus.de"),
    ("exemple-sa.fr", "societe-generale-conseil.fr", "atelier-lumiere.fr", "groupe-alpha.fr"),
    ("voorbeeld.nl", "polderbouw.nl", "tulpen-bv.nl", "grachtwerk.nl"),
    ("emerald-tech.ie", "liffey-partners.ie", "shamrock-foods.ie", "atlantic-data.ie"),
)

# Typed into enrolment/CRM forms when a customer would not give an email.
PLACEHOLDER_EMAILS: tuple[str, ...] = (
    "test@example.com", "noemail@noemail.com", "none@none.com", "a@a.com", "no@email.com",
    "noemail@gmail.com",
)

PRODUCT_CATEGORIES: tuple[str, ...] = (
    "womenswear", "menswear", "footwear", "accessories", "home", "beauty", "kids", "outdoor",
)
# Base price range in GBP pence per category: (low, high).
CATEGORY_PRICE_PENCE: tuple[tuple[int, int], ...] = (
    (1500, 12000), (1500, 11000), (3500, 16000), (800, 6000), (1000, 9000), (600, 4500), (700, 4000),
    (2500, 25000),
)

REFUND_REASONS: tuple[str, ...] = (
    "damaged", "wrong_size", "not_as_described", "late_delivery", "changed_mind", "missing_item",
)
TICKET_CATEGORIES: tuple[str, ...] = ("delivery", "returns", "product", "billing", "account")
ESP_LISTS: tuple[str, ...] = ("newsletter", "offers", "new_arrivals")
# fmt: on
