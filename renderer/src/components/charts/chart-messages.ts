/** UI text of the chart wrapper. */
export const chartMessages = {
  fr: {
    savePng: 'Enregistrer en PNG',
    saveSvg: 'Enregistrer en SVG',
    savePngLabel: 'Enregistrer le graphique « {title} » en PNG',
    saveSvgLabel: 'Enregistrer le graphique « {title} » en SVG',
    saveFailed: "L'enregistrement a échoué : {message}",
    dataTable: 'Données du graphique',
    category: 'Catégorie',
    noData: 'Aucune donnée à afficher',
  },
  en: {
    savePng: 'Save as PNG',
    saveSvg: 'Save as SVG',
    savePngLabel: 'Save the chart “{title}” as PNG',
    saveSvgLabel: 'Save the chart “{title}” as SVG',
    saveFailed: 'Saving failed: {message}',
    dataTable: 'Chart data',
    category: 'Category',
    noData: 'No data to show',
  },
} as const;
